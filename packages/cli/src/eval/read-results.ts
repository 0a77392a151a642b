import { readFileSync } from 'node:fs';
import { SptError } from '@spt/core';
import type { EvalReport } from './evaluate';

/** The shape of eval/results.json, for error messages. */
export const RESULTS_SHAPE = '{"models": [..], "metrics": {<model>: {<metric>: {"mean", "std", "n"}}}, "winRates": [{"model", "against", "judge", "winRate": {"mean", ...}}]}, as `spt eval` writes it';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A mean as JSON holds it: a number, or null where `spt eval` had no value (NaN). */
const isMean = (v: unknown) => v === null || typeof v === 'number';

/** The first field of a parsed results.json that is not as `spt eval` writes it, or undefined. */
function resultsProblem(r: unknown): string | undefined {
  if (!isObject(r)) return 'the file is not a JSON object';
  if (!Array.isArray(r.models) || !r.models.every((m) => typeof m === 'string')) return '"models" is not an array of model names';
  if (!isObject(r.metrics)) return '"metrics" is not an object';
  for (const [model, byMetric] of Object.entries(r.metrics)) {
    if (!isObject(byMetric)) return `"metrics.${model}" is not an object`;
    for (const [metric, spread] of Object.entries(byMetric)) {
      if (!isObject(spread) || !isMean(spread.mean)) return `"metrics.${model}.${metric}" has no numeric "mean"`;
    }
  }
  if (!Array.isArray(r.winRates)) return '"winRates" is not an array';
  for (const [i, row] of r.winRates.entries()) {
    const ok = isObject(row) && [row.model, row.against, row.judge].every((s) => typeof s === 'string') && isObject(row.winRate) && isMean(row.winRate.mean);
    if (!ok) return `"winRates[${i}]" is not {"model", "against", "judge", "winRate": {"mean"}}`;
  }
  return undefined;
}

/**
 * Reads and checks an eval/results.json written by `spt eval`. Bad JSON or a wrong shape is an
 * SptError with the caller's `code` and `fix`, naming the file and the first bad field.
 */
export function readEvalResults(file: string, o: { code: string; fix: string }): EvalReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new SptError({ code: o.code, what: `${file} is not valid JSON`, expected: RESULTS_SHAPE, got: (cause as Error).message, fix: o.fix, cause });
  }
  const problem = resultsProblem(parsed);
  if (problem) throw new SptError({ code: o.code, what: `${file} does not hold evaluation results`, expected: RESULTS_SHAPE, got: problem, fix: o.fix });
  return parsed as EvalReport;
}
