import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command';
import { combineRuns } from '../aggregate/combine';
import { formatAggregate } from '../aggregate/format';
import { loadRunResults } from '../aggregate/load-results';
import { paperForm } from '../aggregate/paper-form';

interface AggregateOptions {
  out?: string;
}

/** `spt aggregate <run-dir...>`: mean ± std over runs (training seeds) of their eval/results.json. */
export const aggregateCommand: CliCommand = {
  name: 'aggregate',
  register(program, ctx) {
    program
      .command('aggregate')
      .description('combine the evaluation of several runs (e.g. `spt run --seed <n>` replicates): mean ± std over runs, and the paper form of sip vs ntp')
      .argument('<run-dir...>', 'run folders evaluated by `spt eval` (each holds eval/results.json)')
      .option('--out <file>', 'also write the Markdown to this file')
      .action((runDirs: string[], opts: AggregateOptions) => {
        // Every folder is read before anything is printed: one bad folder fails the command (exit 2).
        const runs = runDirs.map((dir) => loadRunResults(dir, path.resolve(ctx.cwd, dir)));
        const combined = combineRuns(runs);
        const paper = paperForm(combined);
        const markdown = formatAggregate(combined, paper, runs);
        const file = opts.out === undefined ? undefined : path.resolve(ctx.cwd, opts.out);
        if (file) {
          mkdirSync(path.dirname(file), { recursive: true });
          writeFileSync(file, markdown);
        }
        if (ctx.json) {
          const runInfo = runs.map((r) => ({ label: r.label, runDir: r.runDir, ...(r.seed === undefined ? {} : { seed: r.seed }) }));
          ctx.out(JSON.stringify({ type: 'aggregate', ...combined, runs: runInfo, paperForm: paper ?? null, ...(file ? { file } : {}) }));
          return;
        }
        ctx.out(markdown.trimEnd());
        if (file) ctx.err(`written: ${file}`);
      });
  },
};
