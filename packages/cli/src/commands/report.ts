import path from 'node:path';
import { wholeNumberOption } from '../option-parsers';
import type { CliCommand } from '../command';

interface ReportCliOptions {
  title?: string;
  smooth?: number;
}

const smoothWindow = wholeNumberOption('--smooth', { example: '10', expected: 'a whole number of steps >= 1 (1 = no smoothing)' });

/** `spt report <run-dir>`: Markdown report with SVG plots of a run's metrics and evaluation. */
export const reportCommand: CliCommand = {
  name: 'report',
  register(program, ctx) {
    program
      .command('report')
      .description('write <run-dir>/report/report.md and SVG plots (chosen rate per source, rewards, DPO, loss, time, eval)')
      .argument('<run-dir>', 'a run folder written by `spt run` (and `spt eval`)')
      .option('--title <text>', 'report heading (default: "Run report: <folder name>")')
      .option('--smooth <steps>', 'moving-average window for the curves; 1 = raw only (default: about 1/25 of the run)', smoothWindow)
      .action(async (runDirArg: string, opts: ReportCliOptions) => {
        const { writeReport } = await import('../report/write-report');
        const runDir = path.resolve(ctx.cwd, runDirArg);
        const r = await writeReport(runDir, { title: opts.title, smooth: opts.smooth });
        const [markdown, ...plots] = r.files;
        if (ctx.json) {
          ctx.out(JSON.stringify({ type: 'report', runDir, markdown, plots, skipped: r.skipped }));
          return;
        }
        ctx.out(`report: ${markdown}`);
        ctx.out(`plots (${plots.length}): ${plots.map((f) => path.basename(f)).join(', ') || 'none'}`);
        for (const s of r.skipped) ctx.out(`not plotted: ${s.plot} (${s.reason})`);
      });
  },
};
