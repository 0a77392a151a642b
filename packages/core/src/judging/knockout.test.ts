import { describe, expect, it } from 'vitest';
import { contendersFromBounds, knockout } from './knockout';
import type { Comparison, ComparisonOutcome } from './tournament';
import { winFractions } from './tournament';

/** An exact judge over known values: the higher value wins, equal values tie. */
const exact = (values: number[]) => async (c: Comparison): Promise<ComparisonOutcome> => {
  const second = c.first === c.a ? c.b : c.a;
  return values[c.first] > values[second] ? 'first' : values[c.first] < values[second] ? 'second' : 'tie';
};
const opts = (seed = 1) => ({ order: 'both' as const, samples: 1, seed, pairSeed: (a: number, b: number) => a * 1000 + b + seed });

describe('knockout', () => {
  it('finds the best and the worst with about 3n/2 pairs, whatever the draw', async () => {
    for (const n of [2, 3, 5, 8, 17, 18]) {
      for (const seed of [1, 2, 3]) {
        const values = Array.from({ length: n }, (_, i) => (i * 7919) % 101);
        const r = await knockout(n, exact(values), opts(seed));
        expect(values[r.top as number]).toBe(Math.max(...values));
        expect(values[r.bottom as number]).toBe(Math.min(...values));
        // both orders of each match: matches = comparisons / 2, at most ceil(3n/2) - 1
        expect(r.comparisons.length % 2).toBe(0);
        expect(r.comparisons.length / 2).toBeLessThanOrEqual(Math.ceil((3 * n) / 2) - 1);
        // every unit played: each has a win fraction, the best 1 and the worst 0
        const f = winFractions(n, r.comparisons, r.outcomes);
        expect(f.every((x) => x !== undefined)).toBe(true);
        expect(f[r.top as number]).toBe(1);
        expect(f[r.bottom as number]).toBe(0);
      }
    }
  });

  it('at 18 candidates asks 25 pairs (50 calls in both orders) where all pairs ask 153 (306)', async () => {
    const r = await knockout(18, exact(Array.from({ length: 18 }, (_, i) => i)), opts());
    expect(r.comparisons).toHaveLength(50);
  });

  it('settles a level match (ties, abstentions) by a seeded coin and counts it; never as a loss', async () => {
    const abstain = async (): Promise<ComparisonOutcome> => 'abstain';
    const a = await knockout(4, abstain, opts(5));
    const b = await knockout(4, abstain, opts(5));
    expect(a.undecided).toBe(3 + 1); // 2 first-round matches, then one in each bracket
    expect([a.top, a.bottom]).toEqual([b.top, b.bottom]);
    expect(winFractions(4, a.comparisons, a.outcomes)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('a split match (one verdict each way) asks up to two more before a coin; agreed ties ask nothing more', async () => {
    const values = [3, 1];
    let calls = 0;
    // the first verdict of the match is flipped; later ones are true
    const flaky = async (c: Comparison): Promise<ComparisonOutcome> => {
      const n = ++calls;
      const truth = await exact(values)(c);
      return n === 1 ? (truth === 'first' ? 'second' : 'first') : truth;
    };
    const r = await knockout(2, flaky, opts());
    expect(r.comparisons).toHaveLength(3);
    expect([r.top, r.bottom]).toEqual([0, 1]);
    expect(r.undecided).toBe(0);
    const tied = await knockout(2, exact([2, 2]), opts());
    expect(tied.comparisons).toHaveLength(2);
    expect(tied.undecided).toBe(1);
  });

  it('contenders: only units whose reward bounds reach the best (worst) play for the top (bottom)', () => {
    // rewards with the pairwise aspect at 0 and at 1: [lo, hi]
    const c = contendersFromBounds([{ lo: 2, hi: 3 }, { lo: 1, hi: 2 }, { lo: 0, hi: 1 }, undefined, { lo: 2.5, hi: 3.5 }]);
    expect(c).toEqual({ top: [0, 4], bottom: [1, 2] }); // unit 1 at q = 0 ties unit 2 at q = 1
  });

  it('a pool of one is its own best and worst; an empty pool has neither', async () => {
    expect(await knockout(1, exact([1]), opts())).toMatchObject({ top: 0, bottom: 0, comparisons: [] });
    expect(await knockout(0, exact([]), opts())).toMatchObject({ top: undefined, bottom: undefined });
  });
});
