import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SptError } from '@spt/core';
import type { EvalReport } from '../eval/evaluate';
import { readRunSeed } from '../run/run-seed';

/** One evaluated run folder, as `spt aggregate` reads it. */
export interface RunResults {
  /** The folder as given on the command line (labels the run in the output). */
  label: string;
  runDir: string;
  report: EvalReport;
  /** The training seed of a `spt run --seed` folder (seed.json); absent for the recipe's own seed. */
  seed?: number;
}

const EXPECTED_SHAPE = '{"models": [..], "metrics": {<model>: {<metric>: {"mean", "std", "n"}}}, "winRates": [{"model", "against", "judge", "winRate": {"mean", ...}}]}, as `spt eval` writes it';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A mean as JSON holds it: a number, or null where `spt eval` had no value (NaN). */
const isMean = (v: unknown) => v === null || typeof v === 'number';

/** The first field of a parsed results.json that is not as `spt eval` writes it, or undefined. */
export function resultsProblem(r: unknown): string | undefined {
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
 * Reads `<runDir>/eval/results.json` (and seed.json) of one run folder. A missing folder, a folder
 * not evaluated yet, or a file that is not JSON or not evaluation results is an SptError (exit 2)
 * that names the path and what to run first.
 */
export function loadRunResults(label: string, runDir: string): RunResults {
  const evaluate = `spt eval <recipe> --run-dir ${label}`;
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) {
    throw new SptError({
      code: 'aggregate.no-run',
      what: `run folder ${runDir} does not exist`,
      expected: 'a run folder made by `spt run` and evaluated by `spt eval`',
      got: existsSync(runDir) ? 'a file' : 'nothing there',
      fix: `check the path (\`spt run <recipe> --seed <n>\` writes runs/<recipe name>-seed<n>), then evaluate it: ${evaluate}`,
    });
  }
  const file = path.join(runDir, 'eval', 'results.json');
  if (!existsSync(file)) {
    const evalDir = path.join(runDir, 'eval');
    throw new SptError({
      code: 'aggregate.not-evaluated',
      what: `${file} is missing: run folder ${runDir} has not been evaluated`,
      expected: 'eval/results.json, written by `spt eval` (and by `spt run` after a completed run with an `eval` block)',
      got: existsSync(evalDir) ? `eval/ holds: ${readdirSync(evalDir).join(', ') || 'nothing'}` : `no eval folder; the run folder holds: ${readdirSync(runDir).join(', ') || 'nothing'}`,
      fix: `evaluate it first: ${evaluate}`,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new SptError({
      code: 'aggregate.bad-results',
      what: `${file} is not valid JSON`,
      expected: EXPECTED_SHAPE,
      got: (cause as Error).message,
      fix: `write it again: ${evaluate}`,
      cause,
    });
  }
  const problem = resultsProblem(parsed);
  if (problem) {
    throw new SptError({ code: 'aggregate.bad-results', what: `${file} does not hold evaluation results`, expected: EXPECTED_SHAPE, got: problem, fix: `write it again: ${evaluate}` });
  }
  const seed = readRunSeed(runDir)?.seed;
  return { label, runDir, report: parsed as EvalReport, ...(seed === undefined ? {} : { seed }) };
}
