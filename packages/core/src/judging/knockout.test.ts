import { describe, expect, it } from 'vitest';
import { contendersFromBounds, knockout } from './knockout';
import { stepCalibration } from './calibration';
import type { Comparison, ComparisonOutcome } from './tournament';
import { winFractions } from './tournament';
import { createRng } from '../util/rng';

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

describe('adaptive racing', () => {
  /** A judge over known values that flips each verdict with chance `flip`, seeded per comparison. */
  const noisy = (values: number[], flip: number, seed: number) => async (c: Comparison): Promise<ComparisonOutcome> => {
    const truth = await exact(values)(c);
    if (truth === 'tie') return truth;
    const flipped = createRng(seed * 7_919 + c.a * 1_009 + c.b * 101 + c.first * 13 + c.sample).chance(flip);
    return flipped ? (truth === 'first' ? 'second' : 'first') : truth;
  };
  const race = (seed = 1, confidence = 0.99) => ({ ...opts(seed), race: { confidence } });

  it('with an exact judge it asks what knockout asks, plus one verdict in each final: its first two verdicts always agree', async () => {
    const values = Array.from({ length: 18 }, (_, i) => (i * 7919) % 101);
    const k = await knockout(18, exact(values), opts(3));
    const r = await knockout(18, exact(values), race(3));
    // every match stops at the lead of 2 its two orders give; the two finals race to 3
    expect(r.comparisons).toHaveLength(k.comparisons.length + 2);
    expect([r.top, r.bottom]).toEqual([k.top, k.bottom]);
    expect(r.race?.margin).toBe(2); // the prior alone: e = 0.053 needs 2 at 0.99, which agreeing pairs already have
  });

  it('under a judge that flips 15% of verdicts it estimates the rate, races further, and finds the best more often than knockout', async () => {
    let raced = 0;
    let plain = 0;
    let callsRaced = 0;
    let callsPlain = 0;
    const rates: number[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const values = createRng(seed).shuffle(Array.from({ length: 18 }, (_, i) => i));
      const best = values.indexOf(17);
      const r = await knockout(18, noisy(values, 0.15, seed), race(seed));
      const k = await knockout(18, noisy(values, 0.15, seed), opts(seed));
      raced += r.top === best ? 1 : 0;
      plain += k.top === best ? 1 : 0;
      callsRaced += r.comparisons.length;
      callsPlain += k.comparisons.length;
      rates.push(r.race?.errorRate ?? NaN);
    }
    expect(raced).toBeGreaterThan(plain);
    expect(raced / 60).toBeGreaterThan(0.75);
    expect(callsRaced).toBeGreaterThan(callsPlain);
    expect(callsRaced / 60).toBeLessThan(153); // far fewer than all pairs in one order
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(mean).toBeGreaterThan(0.07);
    expect(mean).toBeLessThan(0.25);
  });

  it('is deterministic whatever order the verdicts arrive in', async () => {
    const values = createRng(9).shuffle(Array.from({ length: 12 }, (_, i) => i));
    const judge = noisy(values, 0.2, 9);
    const delayed = (salt: number) => async (c: Comparison) => {
      await new Promise((r) => setTimeout(r, createRng(salt + c.a * 31 + c.b * 7 + c.sample).int(5)));
      return judge(c);
    };
    const a = await knockout(12, delayed(1), race(9));
    const b = await knockout(12, delayed(2), race(9));
    const key = (r: typeof a) => r.matches.map((m) => `${m.a}-${m.b}:${m.winner ?? '='}`).sort();
    expect(key(a)).toEqual(key(b));
    expect([a.top, a.bottom, a.race]).toEqual([b.top, b.bottom, b.race]);
  });

  it('pools sharing a step calibration race to one margin from all their first rounds, whatever order the verdicts arrive in', async () => {
    const sixteen = Array.from({ length: 16 }, (_, p) => createRng(100 + p).shuffle(Array.from({ length: 10 }, (_, i) => i)));
    const step = async (salt: number) => {
      const shared = stepCalibration(0.99, sixteen.length + 1);
      const delayed = (values: number[], p: number) => async (c: Comparison) => {
        await new Promise((r) => setTimeout(r, createRng(salt + p * 97 + c.a * 31 + c.b * 7 + c.sample).int(4)));
        return noisy(values, 0.15, p)(c);
      };
      const pools = sixteen.map((values, p) => knockout(10, delayed(values, p), { ...opts(p), race: { confidence: 0.99, calibration: shared.join() } }));
      // a pool of one unit races nothing but must still close its share, or the others would wait forever
      pools.push(knockout(1, exact([0]), { ...opts(99), race: { confidence: 0.99, calibration: shared.join() } }));
      return Promise.all(pools);
    };
    const [a, b] = [await step(1), await step(2)];
    const estimates = a.slice(0, 16).map((r) => r.race);
    expect(new Set(estimates.map((e) => JSON.stringify(e))).size).toBe(1); // one estimate for the step
    expect(b.slice(0, 16).map((r) => r.race)).toEqual(estimates);
    expect(b.map((r) => [r.top, r.bottom])).toEqual(a.map((r) => [r.top, r.bottom]));
    // sixteen first rounds see enough split matches to estimate 0.15 near the truth, where one pool's prior weighs heavily
    const alone = await Promise.all(sixteen.map((values, p) => knockout(10, noisy(values, 0.15, p), { ...opts(p), race: { confidence: 0.99 } })));
    const meanAlone = alone.reduce((t, r) => t + (r.race?.errorRate ?? 0), 0) / alone.length;
    expect(estimates[0]!.errorRate).toBeGreaterThan(meanAlone);
    expect(Math.abs(estimates[0]!.errorRate - 0.15)).toBeLessThan(0.06);
    expect(estimates[0]!.margin).toBe(3); // 0.15 at confidence 0.99 needs a lead of 3
  });
});
