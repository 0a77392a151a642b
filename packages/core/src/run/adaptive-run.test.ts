import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonl } from '../metrics/jsonl-metrics';
import type { RunConfig } from '../spec/run-config';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { createRun } from './create-run';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-adaptive-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function metricsOf(config: RunConfig, runDir: string): Promise<Array<Record<string, number>>> {
  const handle = createRun(config, { plugins: [testingPlugins], runDir });
  for await (const _ of handle.events());
  expect((await handle.result()).status).toBe('completed');
  const lines = await readJsonl<{ values: Record<string, number> }>(path.join(runDir, 'metrics.jsonl'));
  // wall times differ between runs; everything else must not
  return lines.map((l) => Object.fromEntries(Object.entries(l.values).filter(([k]) => !k.startsWith('time/') && !k.startsWith('throughput/'))));
}

describe('adaptive pairing in a run (the step calibration shared by its pools)', () => {
  const adaptive = (concurrency: number, staleness: 0 | 1): RunConfig => {
    const base = mockRunConfig({ judging: { concurrency, maxAbstention: 0.5, cache: 'memory' } });
    return {
      ...base,
      train: { ...base.train, batch: 6, staleness },
      judges: base.judges.map((j) => (j.mode === 'pairwise' ? { ...j, pairing: { adaptive: { confidence: 0.95 } } } : j)),
    };
  };

  it('completes every step, records the race, and does not depend on how many verdicts are in flight or on staleness-1 overlap', async () => {
    const one = await metricsOf(adaptive(1, 0), path.join(dir, 'c1'));
    const many = await metricsOf(adaptive(16, 0), path.join(dir, 'c16'));
    expect(one).toHaveLength(6);
    for (const m of one) {
      expect(m['judge/race_margin']).toBeGreaterThanOrEqual(1);
      expect(m['judge/error_rate']).toBeGreaterThan(0);
    }
    expect(many).toEqual(one);
    const staleOne = await metricsOf(adaptive(1, 1), path.join(dir, 's1'));
    const staleMany = await metricsOf(adaptive(16, 1), path.join(dir, 's16'));
    expect(staleMany).toEqual(staleOne);
  });
});
