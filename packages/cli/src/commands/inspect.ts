import path from 'node:path';
import type { CliCommand } from '../command';
import { formatPool } from '../inspect/format-pool';
import { filterPools, readPoolLog } from '../inspect/read-pools';
import { wholeNumberOption } from '../option-parsers';

interface InspectOptions {
  step?: number;
  arm?: string;
  source?: string;
  limit?: number;
  verdicts?: boolean;
}

/** `spt inspect <run-dir>`: the judged pools a run logged (`pools every N { max: M }`), readable. */
export const inspectCommand: CliCommand = {
  name: 'inspect',
  register(program, ctx) {
    program
      .command('inspect')
      .description('show the judged pools a run logged (recipe: `pools every N { max: M }`): candidates, scores, verdicts, chosen and rejected')
      .argument('<run-dir>', 'a run folder')
      .option('--step <n>', 'only pools logged at this global step', wholeNumberOption('--step', { example: '50' }))
      .option('--arm <name>', 'only this arm (`shared` for the shared phases)')
      .option('--source <name>', 'only pools whose chosen candidate came from this source (rollout, rewrite, original, ...)')
      .option('--limit <n>', 'show at most n pools (default 20; the last ones)', wholeNumberOption('--limit', { example: '5' }))
      .option('--verdicts', "also list every judgment with the judge's raw answer")
      .action(async (dir: string, opts: InspectOptions) => {
        const runDir = path.resolve(ctx.cwd, dir);
        const all = await readPoolLog(runDir);
        const kept = filterPools(all, opts);
        const shown = kept.slice(-(opts.limit ?? 20));
        if (ctx.json) {
          for (const r of shown) ctx.out(JSON.stringify({ type: 'pool', ...r }));
          return;
        }
        if (shown.length === 0) {
          const steps = [...new Set(all.map((r) => r.step))];
          ctx.err(`no logged pool matches (the log has ${all.length} pools at steps ${steps.slice(0, 10).join(', ')}${steps.length > 10 ? ', ...' : ''})`);
          return;
        }
        ctx.out(shown.map((r) => formatPool(r, { verdicts: opts.verdicts })).join('\n\n'));
        ctx.err(`${shown.length} of ${kept.length} matching pools shown (${all.length} logged)`);
      });
  },
};
