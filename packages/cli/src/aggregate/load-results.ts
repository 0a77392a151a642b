import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { SptError } from '@spt/core';
import type { EvalReport } from '../eval/evaluate';
import { readEvalResults } from '../eval/read-results';
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
  const report = readEvalResults(file, { code: 'aggregate.bad-results', fix: `write it again: ${evaluate}` });
  const seed = readRunSeed(runDir)?.seed;
  return { label, runDir, report, ...(seed === undefined ? {} : { seed }) };
}
