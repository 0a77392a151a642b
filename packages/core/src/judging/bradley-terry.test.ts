import { describe, expect, it } from 'vitest';
import { bracketScores, bradleyTerry, type PlayedMatch } from './bradley-terry';
import { knockout, type KnockoutOptions } from './knockout';
import type { Comparison, ComparisonOutcome } from './tournament';

/** Expected wins of unit i under strengths s (real and virtual matches), for the likelihood equations. */
function expectedWins(i: number, s: number[], matches: PlayedMatch[], prior: number): number {
  let e = (2 * prior * s[i]) / (s[i] + 1);
  for (const m of matches) {
    if (m.abstained || (m.a !== i && m.b !== i)) continue;
    const j = m.a === i ? m.b : m.a;
    e += s[i] / (s[i] + s[j]);
  }
  return e;
}

describe('bradleyTerry', () => {
  it('solves the likelihood equations: each unit expects the wins it had (level matches half, virtual matches included)', () => {
    const m: PlayedMatch[] = [{ a: 0, b: 1, winner: 0 }, { a: 1, b: 2, winner: 1 }, { a: 0, b: 2 }, { a: 2, b: 3, winner: 3 }, { a: 0, b: 3, winner: 0 }];
    const s = bradleyTerry(4, m) as number[];
    const observed = [0.5 + 2.5, 0.5 + 1, 0.5 + 0.5, 0.5 + 1];
    s.forEach((_, i) => expect(expectedWins(i, s, m, 0.5)).toBeCloseTo(observed[i], 6));
  });

  it('a lone match: the loser is the winner inverted (strength 1 is the virtual unit), abstained and unplayed units get none', () => {
    const s = bradleyTerry(4, [{ a: 0, b: 1, winner: 1 }, { a: 2, b: 3, abstained: true }]);
    expect(s[0]! * s[1]!).toBeCloseTo(1, 6);
    expect(s[1]).toBeGreaterThan(1);
    expect(s.slice(2)).toEqual([undefined, undefined]);
  });
});

describe('bracketScores', () => {
  it('weighs results by the opponent: losing to the champion scores above losing to the last', () => {
    // 0 > 1 > 2 > 3 in a chain; 4 lost only to 0 (the strongest), 5 lost only to 3 (the weakest)
    const m: PlayedMatch[] = [{ a: 0, b: 1, winner: 0 }, { a: 1, b: 2, winner: 1 }, { a: 2, b: 3, winner: 2 }, { a: 0, b: 4, winner: 0 }, { a: 3, b: 5, winner: 3 }];
    const q = bracketScores(6, m) as number[];
    expect(q[4]).toBeGreaterThan(q[5]);
    expect(q[0]).toBe(Math.max(...q));
    // expected shares of wins against every other unit: they average 1/2 and lie in (0, 1)
    expect(q.reduce((a, b) => a + b, 0) / q.length).toBeCloseTo(0.5, 9);
    for (const v of q) expect(v > 0 && v < 1).toBe(true);
  });

  it('a knockout with an exact judge: the champion scores highest and the last loser lowest, strictly', async () => {
    const quality = [0.3, 0.9, 0.1, 0.5, 0.7, 0.2, 0.8, 0.4, 0.6, 0.05, 0.95];
    const ask = async (c: Comparison): Promise<ComparisonOutcome> => {
      const second = c.first === c.a ? c.b : c.a;
      return quality[c.first] > quality[second] ? 'first' : 'second';
    };
    const o: KnockoutOptions = { order: 'both', samples: 1, seed: 3, pairSeed: (a, b) => a * 31 + b };
    const r = await knockout(quality.length, ask, o);
    const q = bracketScores(quality.length, r.matches) as number[];
    expect(r.top).toBe(10);
    expect(r.bottom).toBe(9);
    expect(q.filter((v, i) => i !== 10 && v >= q[10])).toEqual([]);
    expect(q.filter((v, i) => i !== 9 && v <= q[9])).toEqual([]);
  });
});
