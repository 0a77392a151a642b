import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PluginRegistry, RunConfig } from '@spt/core';
import { evaluate, type EvalReport } from './evaluate';
import { formatResultsTable } from './results-table';
import { comparisons, runModels } from './run-models';
import { checkLmEvalTasks, runLmEval, type LmEvalRequest } from './lm-eval';

export interface RunEvalOptions {
  config: RunConfig;
  registry: PluginRegistry;
  runDir: string;
  prefixes?: number;
  seeds?: number;
  against?: string;
  /** Standard benchmarks through lm-evaluation-harness, beside the SIP metrics. */
  lmEval?: LmEvalRequest;
  log?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * Evaluates the finished checkpoints of a run folder and writes `eval/results.json` and
 * `eval/results.md` there. Returns the report and the Markdown table.
 */
export async function runEval(o: RunEvalOptions): Promise<{ report: EvalReport; table: string; files: string[] }> {
  const models = runModels(o.config, o.runDir);
  const log = o.log ?? (() => {});
  // Unknown tasks and tasks that would download are reported before any model is loaded.
  if (o.lmEval) await checkLmEvalTasks(o.lmEval, o.signal);
  const against = o.against ?? o.config.eval?.against ?? 'start';
  const report = await evaluate({
    config: o.config,
    registry: o.registry,
    models,
    comparisons: comparisons(models, against),
    prefixes: o.prefixes ?? o.config.eval?.prefixes ?? 64,
    seeds: o.seeds ?? o.config.eval?.seeds ?? 1,
    log: o.log,
    signal: o.signal,
  });
  if (o.lmEval) report.lmEval = await runLmEval({ request: o.lmEval, config: o.config, registry: o.registry, models, runDir: o.runDir, log, signal: o.signal });
  const table = formatResultsTable(report);
  const dir = path.join(o.runDir, 'eval');
  mkdirSync(dir, { recursive: true });
  const files = [path.join(dir, 'results.json'), path.join(dir, 'results.md')];
  writeAtomic(files[0], `${JSON.stringify(report, null, 2)}\n`);
  writeAtomic(files[1], `# Evaluation of ${o.config.name}\n\n${table}\n`);
  return { report, table, files };
}

/** Written beside and renamed over: an interrupted evaluation never leaves half a results file. */
function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
