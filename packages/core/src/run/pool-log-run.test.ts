import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonl } from '../metrics/jsonl-metrics';
import type { PoolLogRecord } from '../metrics/pool-log';
import type { RunConfig } from '../spec/run-config';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { createRun } from './create-run';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-pools-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run(config: RunConfig, runDir: string, abortAfter?: number) {
  const controller = new AbortController();
  const handle = createRun(config, {
    plugins: [testingPlugins],
    runDir,
    signal: controller.signal,
    observers: [{ onEvent: (e) => e.type === 'step' && e.step === abortAfter && controller.abort() }],
  });
  for await (const _ of handle.events());
  return handle.result();
}

const logged = mockRunConfig({ pools: { every: 2, max: 3 } });

describe('the pool log (pools every N { max: M })', () => {
  it('writes up to M whole pools every N steps: candidates, scores, verdicts, reward and the pair trained on', async () => {
    expect((await run(logged, dir)).status).toBe('completed');
    const records = await readJsonl<PoolLogRecord>(path.join(dir, 'pools.jsonl'));
    expect(records.map((r) => `${r.step}:${r.pool}`)).toEqual(['2:0', '2:1', '2:2', '4:0', '4:1', '4:2', '6:0', '6:1', '6:2']);
    for (const r of records) {
      expect(r.prefix.length).toBeGreaterThan(0);
      expect(new Set(r.candidates.map((c) => c.source))).toEqual(new Set(['original', 'rewrite', 'rollout']));
      expect(r.candidates.find((c) => c.source === 'original')?.text).toBe(r.reference);
      for (const c of r.candidates) expect(Object.keys(c.scores).sort()).toEqual(['clean', 'quality']);
      // Every candidate is shown to the pointwise judge and in the pairwise tournament.
      expect(new Set(r.verdicts.map((v) => v.aspect))).toEqual(new Set(['clean', 'quality']));
      expect(r.verdicts.filter((v) => v.aspect === 'quality').every((v) => v.candidates.length === 2)).toBe(true);
      if (r.skipped) continue;
      const rewards = r.candidates.map((c) => c.reward as number);
      expect(rewards[r.chosen as number]).toBe(Math.max(...rewards));
      expect(rewards[r.rejected as number]).toBe(Math.min(...rewards));
    }
    expect(records.some((r) => !r.skipped)).toBe(true);
  });

  it('online_dpo with pairs_per_pool: the log lists the further rejected candidates, each below the chosen one by min_gap', async () => {
    const phases = [{ name: 'main', steps: 4, objective: { kind: 'online_dpo' as const, beta: 0.5, reference: { kind: 'frozen' as const }, nllAlpha: 0, ties: 'skip' as const, pairsPerPool: 4, minGap: 0.25 } }];
    expect((await run({ ...logged, phases }, dir)).status).toBe('completed');
    const records = await readJsonl<PoolLogRecord>(path.join(dir, 'pools.jsonl'));
    const extra = records.flatMap((r) => (r.also_rejected ?? []).map((i) => ({ r, i })));
    expect(extra.length).toBeGreaterThan(0);
    for (const { r, i } of extra) {
      const top = r.candidates[r.chosen as number].reward as number;
      expect(i).not.toBe(r.chosen);
      expect(i).not.toBe(r.rejected);
      expect(top - (r.candidates[i].reward as number)).toBeGreaterThanOrEqual(0.25);
    }
    const metrics = await readJsonl<{ values: Record<string, number> }>(path.join(dir, 'metrics.jsonl'));
    expect(metrics.reduce((n, m) => n + (m.values['objective/extra_pairs'] ?? 0), 0)).toBeGreaterThan(0);
  });

  it('is off without the setting, and a resumed run writes the same log as an uninterrupted one', async () => {
    await run(mockRunConfig(), path.join(dir, 'off'));
    await expect(readFile(path.join(dir, 'off', 'pools.jsonl'))).rejects.toThrow(/ENOENT/);
    await run(logged, path.join(dir, 'whole'));
    expect((await run(logged, path.join(dir, 'cut'), 3)).status).toBe('aborted');
    // Lines written after the checkpoint (a crash before the next one) are dropped on resume.
    await appendFile(path.join(dir, 'cut', 'pools.jsonl'), '{"step": 99, "partial": tr');
    expect((await run(logged, path.join(dir, 'cut'))).status).toBe('completed');
    const [whole, cut] = await Promise.all(['whole', 'cut'].map((d) => readFile(path.join(dir, d, 'pools.jsonl'), 'utf8')));
    expect(cut).toBe(whole);
  });
});
