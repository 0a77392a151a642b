import { describe, expect, it } from 'vitest';
import { knockout } from './knockout';
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

  it('a pool of one is its own best and worst; an empty pool has neither', async () => {
    expect(await knockout(1, exact([1]), opts())).toMatchObject({ top: 0, bottom: 0, comparisons: [] });
    expect(await knockout(0, exact([]), opts())).toMatchObject({ top: undefined, bottom: undefined });
  });
});
