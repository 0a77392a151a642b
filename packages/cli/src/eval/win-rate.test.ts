import { describe, expect, it } from 'vitest';
import type { PairwiseJudge } from '@spt/core';
import { pairwiseWinRate } from './win-rate';
import { meanStd } from './stats';

/** Longer text wins; equal length ties; 'x' abstains. Always prefers the first on position ties. */
const lengthJudge: PairwiseJudge = {
  kind: 'pairwise',
  name: 'length',
  version: '1',
  compare: async ({ first, second }) => {
    if (first === 'x' || second === 'x') return { ok: false, reason: 'junk' };
    if (first.length === second.length) return { ok: true, winner: 'tie' };
    return { ok: true, winner: first.length > second.length ? 'first' : 'second' };
  },
};
const prompts = [0, 1, 2].map((i) => ({ id: String(i), set: 'standard', prefix: `p${i}` }));

describe('pairwiseWinRate', () => {
  it('judges both orders and counts ties as half', async () => {
    const r = await pairwiseWinRate(lengthJudge, prompts, ['aaa', 'aa', 'a'], ['a', 'aa', 'aaa']);
    expect(r).toEqual({ winRate: 0.5, tieRate: 2 / 6, decidedWinRate: 0.5, wins: 2, ties: 2, losses: 2, abstained: 0 });
  });

  it('leaves abstentions out of the rate', async () => {
    const r = await pairwiseWinRate(lengthJudge, prompts, ['aaa', 'x', 'aa'], ['a', 'b', 'a']);
    expect(r.abstained).toBe(2);
    expect(r.winRate).toBe(1);
  });

  it('cancels a judge that always prefers the first position', async () => {
    const biased: PairwiseJudge = { ...lengthJudge, compare: async () => ({ ok: true, winner: 'first' }) };
    const r = await pairwiseWinRate(biased, prompts, ['a', 'b', 'c'], ['d', 'e', 'f']);
    expect(r.winRate).toBe(0.5);
  });
});

describe('meanStd', () => {
  it('gives the sample standard deviation and ignores NaN', () => {
    expect(meanStd([1, 2, 3, Number.NaN])).toEqual({ mean: 2, std: 1, n: 3 });
    expect(meanStd([5])).toEqual({ mean: 5, std: 0, n: 1 });
  });
});
