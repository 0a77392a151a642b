import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readMetrics } from '../metrics/jsonl-metrics';
import { definePlugin } from '../spec/plugin';
import { probePackage } from './__fixtures__/run-test-helpers';
import type { RewardShaper } from '../spec/reward-shaper';
import type { RunConfig } from '../spec/run-config';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { createRun } from './create-run';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-shape-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A third-party shaper that answers NaN: the run must stop with an error naming it. */
const broken = probePackage(
  'broken-shaper',
  definePlugin<RewardShaper, Record<string, never>>({
    manifest: { name: 'nan_shaper', kind: 'reward', version: '1.0.0', description: 'answers NaN', options: z.strictObject({}) },
    create: () => ({ name: 'nan_shaper', scope: 'candidate', shape: (pool) => pool.map(() => Number.NaN) }),
  }),
);

/** Records the log-probs the core hands a shaper that asks for them, per call (one call per pool). */
const seenLogprobs: Array<Array<{ policy: number; reference: number } | undefined>> = [];
const spy = probePackage(
  'logprob-spy',
  definePlugin<RewardShaper, Record<string, never>>({
    manifest: { name: 'logprob_spy', kind: 'reward', version: '1.0.0', description: 'records log-probs', options: z.strictObject({}) },
    create: () => ({
      name: 'logprob_spy',
      scope: 'candidate',
      needs: ['logprobs'],
      shape: (pool) => {
        seenLogprobs.push(pool.map((c) => c.logprobs));
        return pool.map((c) => c.reward);
      },
    }),
  }),
);

async function run(config: RunConfig, runDir: string) {
  const handle = createRun(config, { plugins: [testingPlugins, broken, spy], runDir });
  for await (const _ of handle.events());
  return handle.result();
}

const chosenRollout = async (runDir: string) => (await readMetrics(path.join(runDir, 'metrics.jsonl'))).map((m) => m.values['chosen_rate/rollout']);

describe('reward shapers in a run', () => {
  it('a shaper that needs log-probs gets each candidate\'s policy and reference log-probs: equal before the first update, apart after; kl_penalty changes rewards', async () => {
    seenLogprobs.length = 0;
    const config = mockRunConfig({ shapers: [{ plugin: 'logprob_spy', options: {} }] });
    expect((await run(config, path.join(dir, 'spy'))).status).toBe('completed');
    const pools = seenLogprobs.filter((p) => p.length > 0);
    expect(pools.length).toBeGreaterThan(4);
    for (const p of pools) for (const lp of p) expect(lp && Number.isFinite(lp.policy) && Number.isFinite(lp.reference)).toBe(true);
    const gap = (p: (typeof pools)[number]) => Math.max(...p.map((lp) => Math.abs(lp!.policy - lp!.reference)));
    expect(gap(pools[0])).toBe(0); // the frozen reference starts as the policy
    expect(gap(pools[pools.length - 1])).toBeGreaterThan(1e-6);
    const plain = await readMetrics(path.join(dir, 'spy', 'metrics.jsonl'));
    expect((await run(mockRunConfig({ shapers: [{ plugin: 'kl_penalty', options: { beta: 5 } }] }), path.join(dir, 'kl'))).status).toBe('completed');
    const kl = await readMetrics(path.join(dir, 'kl', 'metrics.jsonl'));
    expect(kl[0].values['reward/mean']).toBeCloseTo(plain[0].values['reward/mean'], 9);
    expect(kl.map((m) => m.values['reward/mean'])).not.toEqual(plain.map((m) => m.values['reward/mean']));
  });

  it('a source bonus the chain applies decides what is chosen; without it the judges do', async () => {
    const plain = await run(mockRunConfig(), path.join(dir, 'plain'));
    const shaped = await run(mockRunConfig({ shapers: [{ plugin: 'source_bonus', options: { rollouts: 100 } }] }), path.join(dir, 'shaped'));
    expect(plain.status).toBe('completed');
    expect(shaped.status).toBe('completed');
    expect(await chosenRollout(path.join(dir, 'shaped'))).toEqual([1, 1, 1, 1, 1, 1]);
    expect((await chosenRollout(path.join(dir, 'plain'))).some((r) => r < 1)).toBe(true);
    const reward = (await readMetrics(path.join(dir, 'shaped', 'metrics.jsonl')))[0].values['reward/rollout'];
    expect(reward).toBeGreaterThan(100);
  });

  it('a phase chain replaces the run chain', async () => {
    const dpo = mockRunConfig().phases[0].objective;
    const config = mockRunConfig({
      shapers: [{ plugin: 'source_bonus', options: { rollouts: 100 } }],
      phases: [
        { name: 'a', steps: 2, objective: dpo },
        { name: 'b', steps: 2, objective: dpo, shapers: [{ plugin: 'source_bonus', options: { original: 100 } }] },
      ],
    });
    expect((await run(config, dir)).status).toBe('completed');
    const m = await readMetrics(path.join(dir, 'metrics.jsonl'));
    expect(m.map((x) => x.values['chosen_rate/rollout'])).toEqual([1, 1, 0, 0]);
    expect(m.map((x) => x.values['chosen_rate/original'])).toEqual([0, 0, 1, 1]);
  });

  it('a shaper answering NaN stops the run with an error naming it', async () => {
    const result = await run(mockRunConfig({ shapers: [{ plugin: 'nan_shaper', options: {} }] }), dir);
    expect(result.status).toBe('failed');
    expect((result.error as { code?: string } | undefined)?.code).toBe('reward.shaper');
    expect(result.error?.message).toContain('nan_shaper');
  });

  it('a shaper reading an aspect no judge scores is a configuration error', async () => {
    const result = await run(mockRunConfig({ shapers: [{ plugin: 'gate', options: { aspect: 'safety', below: 0.5, reward: -1 } }] }), dir);
    expect(result.status).toBe('failed');
    expect((result.error as { code?: string } | undefined)?.code).toBe('config.shaper-aspect');
    expect(result.error?.message).toContain('safety');
  });
});
