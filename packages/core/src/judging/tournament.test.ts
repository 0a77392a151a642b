import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planComparisons, winFractions, type ComparisonOutcome } from './tournament';

const seed = (a: number, b: number) => a * 31 + b;

describe('planComparisons', () => {
  it('all pairs, both orders: n(n-1) comparisons per sample', () => {
    const c = planComparisons(4, { kind: 'all' }, 'both', 1, seed);
    expect(c).toHaveLength(12);
    expect(c.slice(0, 2)).toEqual([
      { a: 0, b: 1, first: 0, sample: 0 },
      { a: 0, b: 1, first: 1, sample: 0 },
    ]);
    expect(planComparisons(18, { kind: 'all' }, 'random', 1, seed)).toHaveLength(153);
  });

  it('pivot mode compares each candidate with the pivot only', () => {
    const c = planComparisons(5, { kind: 'pivot', pivots: [2] }, 'random', 1, seed);
    expect(c.map((x) => [x.a, x.b])).toEqual([
      [0, 2],
      [1, 2],
      [2, 3],
      [2, 4],
    ]);
  });

  it('random order is seeded and uses both orders across pairs', () => {
    const a = planComparisons(10, { kind: 'all' }, 'random', 2, seed);
    const b = planComparisons(10, { kind: 'all' }, 'random', 2, seed);
    expect(a).toEqual(b);
    const firstIsA = a.filter((x) => x.first === x.a).length;
    expect(firstIsA).toBeGreaterThan(10);
    expect(firstIsA).toBeLessThan(80);
  });
});

describe('winFractions', () => {
  it('counts wins from the order shown', () => {
    const c = planComparisons(3, { kind: 'all' }, 'both', 1, seed);
    // candidate 2 always wins, 0 beats 1
    const outcomes: ComparisonOutcome[] = c.map((x) => {
      const winner = x.b === 2 ? 2 : 0;
      return x.first === winner ? 'first' : 'second';
    });
    expect(winFractions(3, c, outcomes)).toEqual([0.5, 0, 1]);
  });

  it('ties count half, and a judge that always says "first" gives 0.5 each with both orders', () => {
    const c = planComparisons(3, { kind: 'all' }, 'both', 1, seed);
    expect(winFractions(3, c, c.map(() => 'first'))).toEqual([0.5, 0.5, 0.5]);
    expect(winFractions(3, c, c.map(() => 'tie'))).toEqual([0.5, 0.5, 0.5]);
  });

  it('abstentions are left out, not counted as losses', () => {
    const c = planComparisons(3, { kind: 'all' }, 'random', 1, seed);
    const outcomes: ComparisonOutcome[] = c.map((x) => (x.a === 0 || x.b === 0 ? 'abstain' : x.first === 1 ? 'first' : 'second'));
    expect(winFractions(3, c, outcomes)).toEqual([undefined, 1, 0]);
    expect(winFractions(1, [], [])).toEqual([undefined]);
  });

  it('fractions lie in [0, 1] and wins sum to the decided comparisons', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 0, max: 1000 }), (n, s) => {
        const c = planComparisons(n, { kind: 'all' }, 'both', 1, (a, b) => s + a + b);
        const kinds: ComparisonOutcome[] = ['first', 'second', 'tie', 'abstain'];
        const outcomes = c.map((_, i) => kinds[(i * 7 + s) % 4]);
        const f = winFractions(n, c, outcomes);
        for (const v of f) if (v !== undefined) expect(v >= 0 && v <= 1).toBe(true);
      }),
    );
  });
});
