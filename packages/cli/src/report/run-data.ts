import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readJsonl, readMetrics, SptError, type MetricsRecord, type PoolLogRecord } from '@spt/core';
import { poolLogFiles } from '../inspect/read-pools';
import type { EvalReport } from '../eval/evaluate';
import { readEvalResults } from '../eval/read-results';
import { readRunSeed, type RunSeed } from '../run/run-seed';
import { tagRecords, type TaggedRecord } from './series';

/** What a report is made from: a run folder's metrics and, after `spt eval`, its results. */
export interface RunData {
  runDir: string;
  /** Shared-phase records first, then each arm's (arms in the order they ran). */
  records: TaggedRecord[];
  /** eval/results.json, when the run was evaluated. */
  evalReport?: EvalReport;
  /** eval/results.md, when present. */
  evalMarkdown?: string;
  /** The pool log (`pools every N`), shared phases' and each arm's, when the run kept one. */
  pools?: PoolLogRecord[];
  /** seed.json of a `spt run --seed` run: the training seed used instead of the recipe's. */
  seed?: RunSeed;
}

/** Reads a metrics file and checks every record's shape, naming the file and line of a bad one. */
async function readChecked(file: string): Promise<MetricsRecord[]> {
  const records = await readMetrics(file);
  records.forEach((r, i) => {
    const ok = r && typeof r === 'object' && Number.isFinite(r.step) && typeof r.phase === 'string' && Number.isFinite(r.time) && r.values && typeof r.values === 'object';
    if (!ok) {
      throw new SptError({
        code: 'report.bad-metrics',
        what: `${file} line ${i + 1} is not a metrics record`,
        expected: '{"step": <number>, "phase": <string>, "arm"?: <string>, "time": <unix ms>, "values": {...}}',
        got: JSON.stringify(r).slice(0, 120),
        fix: 'point `spt report` at a folder written by `spt run`, or remove the line',
      });
    }
  });
  return records;
}

/**
 * Loads a run folder: metrics.jsonl of the shared phases, arms/<arm>/metrics.jsonl of each arm
 * (ordered by when they ran), and eval/results.{json,md} when present.
 */
export async function loadRunData(runDir: string): Promise<RunData> {
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) {
    throw new SptError({ code: 'report.no-run', what: `run folder ${runDir} does not exist`, expected: 'a folder written by `spt run`', got: 'nothing there', fix: 'pass the --run-dir of the run (default runs/<recipe name>)' });
  }
  const sharedFile = path.join(runDir, 'metrics.jsonl');
  const shared = existsSync(sharedFile) ? await readChecked(sharedFile) : [];
  const armsDir = path.join(runDir, 'arms');
  const armNames = existsSync(armsDir) ? readdirSync(armsDir).filter((a) => existsSync(path.join(armsDir, a, 'metrics.jsonl'))) : [];
  const arms = await Promise.all(armNames.map((a) => readChecked(path.join(armsDir, a, 'metrics.jsonl'))));
  const ranAt = (rs: MetricsRecord[]) => (rs.length ? rs[0].time : Infinity);
  const order = armNames.map((_, i) => i).sort((a, b) => ranAt(arms[a]) - ranAt(arms[b]) || armNames[a].localeCompare(armNames[b]));
  const records = tagRecords(shared, order.map((i) => arms[i]));
  if (!records.length) {
    throw new SptError({
      code: 'report.no-metrics',
      what: `no metrics in run folder ${runDir}`,
      expected: 'metrics.jsonl or arms/<arm>/metrics.jsonl with at least one step',
      got: readdirSync(runDir).join(', ') || 'an empty folder',
      fix: 'run the recipe first (spt run <recipe> --run-dir <dir>), then report on that folder',
    });
  }
  const evalJson = path.join(runDir, 'eval', 'results.json');
  const evalMd = path.join(runDir, 'eval', 'results.md');
  const seed = readRunSeed(runDir);
  const poolFiles = poolLogFiles(runDir);
  const pools = poolFiles.length ? (await Promise.all(poolFiles.map((f) => readJsonl<PoolLogRecord>(f)))).flat() : undefined;
  return {
    runDir,
    records,
    ...(existsSync(evalJson) ? { evalReport: readEvalResults(evalJson, { code: 'report.bad-eval', fix: 'run `spt eval` again for this run folder' }) } : {}),
    ...(existsSync(evalMd) ? { evalMarkdown: readFileSync(evalMd, 'utf8') } : {}),
    ...(seed ? { seed } : {}),
    ...(pools ? { pools } : {}),
  };
}
