import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readJsonl, SptError, type PoolLogRecord } from '@spt/core';

/** Every pool-log file of a run folder: the shared phases' and each arm's, in that order. */
export function poolLogFiles(runDir: string): string[] {
  const files = [path.join(runDir, 'pools.jsonl')];
  const arms = path.join(runDir, 'arms');
  if (existsSync(arms)) for (const arm of readdirSync(arms).sort()) files.push(path.join(arms, arm, 'pools.jsonl'));
  return files.filter((f) => existsSync(f));
}

/** Reads the pool log of a run folder; a folder without one is an SptError that says how to get one. */
export async function readPoolLog(runDir: string): Promise<PoolLogRecord[]> {
  if (!existsSync(runDir)) {
    throw new SptError({ code: 'inspect.no-run', what: `run folder ${runDir} does not exist`, expected: 'a folder made by `spt run`', got: 'nothing there', fix: 'check the path (runs/<recipe name> by default)' });
  }
  const files = poolLogFiles(runDir);
  if (files.length === 0) {
    throw new SptError({
      code: 'inspect.no-pools',
      what: `run folder ${runDir} has no pool log (pools.jsonl)`,
      expected: 'a run whose recipe logs pools',
      got: 'no pools.jsonl in the run folder or its arms',
      fix: 'add `pools every 50 { max: 4 }` to the recipe and run it (a resumed run keeps its training; the log starts from there)',
    });
  }
  return (await Promise.all(files.map((f) => readJsonl<PoolLogRecord>(f)))).flat();
}

export interface PoolFilter {
  step?: number;
  arm?: string;
  /** Keep pools whose chosen candidate came from this source (`rollout`, `rewrite`, `original`, ...). */
  source?: string;
}

/** The records that pass the filter (pure). */
export function filterPools(records: readonly PoolLogRecord[], f: PoolFilter): PoolLogRecord[] {
  return records.filter(
    (r) =>
      (f.step === undefined || r.step === f.step) &&
      (f.arm === undefined || (r.arm ?? 'shared') === f.arm) &&
      (f.source === undefined || (r.chosen !== undefined && r.candidates[r.chosen].source === f.source)),
  );
}
