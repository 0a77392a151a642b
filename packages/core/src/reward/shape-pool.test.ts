import { describe, expect, it } from 'vitest';
import { SptError } from '../errors';
import type { RewardShaper, ShapedCandidate } from '../spec/reward-shaper';
import { shapedBounds, shapeRewards } from './shape-pool';

const ctx = { step: 0, globalStep: 0, phase: 'main' };
const cand = (source: string, tokens: number, reward: number | undefined): ShapedCandidate => ({ id: `${source}:0`, source, text: '', tokens, scores: {}, reward });
const add = (name: string, f: (c: ShapedCandidate) => number): RewardShaper => ({
  name,
  scope: 'candidate',
  shape: (pool) => pool.map((c) => (c.reward === undefined ? undefined : c.reward + f(c))),
});
const bad = (out: unknown): RewardShaper => ({ name: 'broken', scope: 'candidate', shape: () => out as number[] });

describe('shapeRewards', () => {
  it('runs the chain in order, each shaper seeing the rewards of the one before', () => {
    const seen: Array<number | undefined> = [];
    const spy: RewardShaper = { name: 'spy', scope: 'pool', shape: (pool) => pool.map((c) => (seen.push(c.reward), c.reward)) };
    const out = shapeRewards([cand('a', 2, 1), cand('b', 5, undefined)], [add('double', (c) => c.reward!), spy, add('len', (c) => -c.tokens)], ctx);
    expect(seen).toEqual([2, undefined]);
    expect(out).toEqual([0, undefined]);
  });

  it('no shapers: the expression rewards as they are', () => {
    expect(shapeRewards([cand('a', 1, 0.5)], [], ctx)).toEqual([0.5]);
  });

  it.each([
    ['NaN', [Number.NaN], /returned NaN for candidate 0/],
    ['Infinity', [Infinity], /returned Infinity/],
    ['too few', [], /returned 0 rewards for a pool of 1/],
    ['not a list', 3, /returned no list/],
    ['a string', ['1'], /returned 1 for candidate 0/],
  ])('a shaper returning %s is an error naming it', (_, out, message) => {
    let error: unknown;
    try {
      shapeRewards([cand('a', 1, 1)], [bad(out)], ctx);
    } catch (e) {
      error = e;
    }
    expect(SptError.is(error, 'reward.shaper')).toBe(true);
    expect((error as SptError).message).toMatch(message);
    expect((error as SptError).message).toContain('"broken"');
  });
});

describe('shapedBounds (knockout pruning through the chain)', () => {
  const lo = [cand('original', 10, 1), cand('rollout', 10, 0)];
  const hi = [cand('original', 10, 2), cand('rollout', 10, 1)];
  it('applies candidate shapers to both ends and skips order-preserving pool shapers', () => {
    const bonus = add('bonus', (c) => (c.source === 'rollout' ? 5 : 0));
    const rank: RewardShaper = { name: 'rank', scope: 'pool', preservesOrder: true, shape: () => [0, 1] };
    expect(shapedBounds(lo, hi, [bonus, rank], ctx)).toEqual([
      { lo: 1, hi: 2 },
      { lo: 5, hi: 6 },
    ]);
  });

  it('gives up (no pruning) when a pool shaper may reorder', () => {
    const novelty: RewardShaper = { name: 'novelty', scope: 'pool', shape: (p) => p.map((c) => c.reward) };
    expect(shapedBounds(lo, hi, [novelty], ctx)).toBeUndefined();
  });

  it('a candidate without a reward at either end has no bounds', () => {
    expect(shapedBounds([cand('a', 1, undefined)], [cand('a', 1, 1)], [], ctx)).toEqual([undefined]);
  });
});
