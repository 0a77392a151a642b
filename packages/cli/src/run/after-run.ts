import type { PluginRegistry, RunConfig } from '@spt/core';
import type { CliContext } from '../command';
import { runEval } from '../eval/run-eval';
import { writeReport } from '../report/write-report';

/**
 * What `spt run` does after a completed run whose recipe has an `eval` block: evaluate the
 * checkpoints (start model and each arm), print the results table, and write the report with
 * its plots. Returns the files written.
 */
export async function evaluateAndReport(
  ctx: CliContext,
  o: { config: RunConfig; registry: PluginRegistry; runDir: string },
): Promise<string[]> {
  const log = (m: string) => (ctx.json ? ctx.out(JSON.stringify({ type: 'log', message: m })) : ctx.err(m));
  log('evaluating the checkpoints on held-out prefixes (spt eval)...');
  const { report, table, files } = await runEval({ ...o, log });
  const written = await writeReport(o.runDir, { title: `${o.config.name}: results` });
  const all = [...files, ...written.files];
  if (ctx.json) {
    ctx.out(JSON.stringify({ type: 'eval', ...report, files }));
    ctx.out(JSON.stringify({ type: 'report', runDir: o.runDir, files: written.files }));
  } else {
    ctx.out(`\n## Results: ${o.config.name}\n\n${table}\n`);
    ctx.out(`report: ${written.files.find((f) => f.endsWith('.md')) ?? written.files[0]} (plots beside it)`);
  }
  return all;
}
