import { describe, expect, it } from 'vitest';
import { corePlugins } from '../builtins/core-plugins';
import { createRegistry } from '../plugins/container';
import { createPluginContext } from '../run/plugin-context';
import type { ShapedCandidate } from '../spec/reward-shaper';
import { rankNormalize, zscore } from './builtin-shapers';

const registry = createRegistry([corePlugins]);
const ctx = createPluginContext({ registry, seed: 1, log: () => {}, warn: () => {} });
const shaper = (plugin: string, options: Record<string, unknown>) => registry.create('reward', { plugin, options }, ctx);
const cand = (source: string, tokens: number, reward: number | undefined, scores: Record<string, number | undefined> = {}): ShapedCandidate => ({
  id: `${source}:0`,
  source,
  text: 'x'.repeat(tokens),
  tokens,
  scores,
  reward,
});
const at = (step: number) => ({ step, globalStep: step, phase: 'main' });

describe('built-in reward shapers', () => {
  it('length_penalty charges tokens short of / beyond the target, per side, and keeps undefined', async () => {
    const pool = [cand('rollout', 10, 2), cand('rollout', 40, 2), cand('rollout', 64, undefined)];
    expect((await shaper('length_penalty', { per_token: 0.01, target: 32, side: 'short' })).shape(pool, at(0))).toEqual([2 - 0.22, 2, undefined]);
    expect((await shaper('length_penalty', { per_token: 0.01, target: 32, side: 'long' })).shape(pool, at(0))).toEqual([2, 2 - 0.08, undefined]);
    const both = (await shaper('length_penalty', { per_token: 0.01, target: 32 })).shape(pool, at(0));
    expect(both[0]).toBeCloseTo(1.78);
    expect(both[1]).toBeCloseTo(1.92);
    expect((await shaper('length_penalty', { per_token: 0.5 })).shape([cand('original', 4, 3)], at(0))).toEqual([1]);
  });

  it('length_penalty follows a schedule of the phase step', async () => {
    const s = await shaper('length_penalty', { per_token: { kind: 'linear', from: 0.1, to: 0, start: 0, end: 10 }, target: 20, side: 'short' });
    const pool = [cand('rollout', 10, 1)];
    expect(s.shape(pool, at(0))[0]).toBeCloseTo(0);
    expect(s.shape(pool, at(5))[0]).toBeCloseTo(0.5);
    expect(s.shape(pool, at(10))[0]).toBeCloseTo(1);
  });

  it('gate sets the reward under the threshold, even without the other aspects, and states the aspect it reads', async () => {
    const g = await shaper('gate', { aspect: 'safety', below: 0.5, reward: -1 });
    expect(g.aspects).toEqual(['safety']);
    const pool = [cand('rollout', 5, 3, { safety: 0 }), cand('rollout', 5, undefined, { safety: 0.2 }), cand('rollout', 5, 3, { safety: 1 }), cand('rollout', 5, 2, { safety: undefined })];
    expect(g.shape(pool, at(0))).toEqual([-1, -1, 3, 2]);
  });

  it('source_bonus adds per source (recipe spellings accepted) and may be scheduled', async () => {
    const b = await shaper('source_bonus', { rewrite: 0.5, rollouts: { kind: 'step', values: [0.2, 0], boundaries: [3] } });
    const pool = [cand('original', 5, 1), cand('rewrite', 5, 1), cand('rollout', 5, 1), cand('rollout', 5, undefined)];
    expect(b.shape(pool, at(0))).toEqual([1, 1.5, 1.2, undefined]);
    expect(b.shape(pool, at(3))).toEqual([1, 1.5, 1, undefined]);
  });

  it('rejects bad options with the plugin named', async () => {
    await expect(shaper('length_penalty', { per_token: 'lots' })).rejects.toThrow(/length_penalty/);
    await expect(shaper('gate', { aspect: 'safety', below: 0.5 })).rejects.toThrow(/gate/);
    await expect(shaper('normalize', { method: 'minmax' })).rejects.toThrow(/normalize/);
  });

  it('normalize keeps the order, as it declares', async () => {
    const rank = await shaper('normalize', { method: 'rank' });
    expect(rank.scope).toBe('pool');
    expect(rank.preservesOrder).toBe(true);
    expect(rank.shape([cand('a', 1, 3), cand('b', 1, 1), cand('c', 1, undefined), cand('d', 1, 3)], at(0))).toEqual([0.75, 0, undefined, 0.75]);
  });
});

describe('rank and z-score normalisation (pure)', () => {
  it('ranks spread over [0, 1], ties share their mean rank, a lone reward gets 0.5', () => {
    expect(rankNormalize([5, 1, 3])).toEqual([1, 0, 0.5]);
    expect(rankNormalize([2, 2, 1, undefined])).toEqual([0.75, 0.75, 0, undefined]);
    expect(rankNormalize([undefined, 7])).toEqual([undefined, 0.5]);
    expect(rankNormalize([])).toEqual([]);
  });

  it('z-scores have mean 0 and unit spread; equal rewards give 0', () => {
    const z = zscore([1, 2, 3, undefined]) as number[];
    expect(z[0]).toBeCloseTo(-Math.sqrt(1.5));
    expect(z[1]).toBeCloseTo(0);
    expect(z[2]).toBeCloseTo(Math.sqrt(1.5));
    expect(z[3]).toBeUndefined();
    expect(zscore([4, 4])).toEqual([0, 0]);
  });

  it('kl_penalty subtracts beta x (policy - reference) log-probs, follows a schedule, keeps undefined, and refuses a candidate without log-probs', async () => {
    const withLp = (c: ShapedCandidate, policy: number, reference: number): ShapedCandidate => ({ ...c, logprobs: { policy, reference } });
    const pool = [withLp(cand('rollout', 8, 2), -10, -14), withLp(cand('original', 8, 2), -20, -15), withLp(cand('rewrite', 8, undefined), -5, -5)];
    const kl = await shaper('kl_penalty', { beta: 0.1 });
    expect(kl.needs).toEqual(['logprobs']);
    const out = kl.shape(pool, at(0));
    expect(out[0]).toBeCloseTo(2 - 0.4, 12); // drifted towards: log-ratio +4
    expect(out[1]).toBeCloseTo(2 + 0.5, 12); // drifted away: log-ratio -5
    expect(out[2]).toBeUndefined();
    const ramp = await shaper('kl_penalty', { beta: { kind: 'linear', from: 0, to: 1, start: 0, end: 10 } });
    expect(ramp.shape(pool, at(5))[0]).toBeCloseTo(2 - 0.5 * 4, 12);
    expect(() => kl.shape([cand('rollout', 8, 1)], at(0))).toThrow(/without log-probs/);
  });
});
