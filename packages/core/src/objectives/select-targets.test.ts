import { describe, expect, it } from 'vitest';
import { extraRejected, selectBest, selectDpoPair } from './select-targets';

describe('selectDpoPair', () => {
  it('picks max as chosen and min as rejected', () => {
    expect(selectDpoPair([0.5, 2, 1, 0.1], 1)).toEqual({ kind: 'pair', chosen: 1, rejected: 3 });
  });
  it('skips ties and pools with fewer than two rewards', () => {
    expect(selectDpoPair([1, 1, 1], 1)).toEqual({ kind: 'skip', reason: 'tie' });
    expect(selectDpoPair([1, undefined], 1)).toEqual({ kind: 'skip', reason: 'insufficient' });
    expect(selectDpoPair([], 1)).toEqual({ kind: 'skip', reason: 'insufficient' });
  });
  it('ignores candidates without a reward instead of treating them as 0', () => {
    expect(selectDpoPair([undefined, 0.2, 0.7], 1)).toEqual({ kind: 'pair', chosen: 2, rejected: 1 });
  });
  it('breaks ties between equal best candidates by the seed, reaching each', () => {
    const chosen = new Set<number>();
    for (let s = 0; s < 50; s++) {
      const sel = selectDpoPair([1, 1, 0], s);
      if (sel.kind === 'pair') chosen.add(sel.chosen);
    }
    expect([...chosen].sort()).toEqual([0, 1]);
    expect(selectDpoPair([1, 1, 0], 7)).toEqual(selectDpoPair([1, 1, 0], 7));
  });
});

describe('selectBest', () => {
  it('returns the highest reward or undefined', () => {
    expect(selectBest([0.1, undefined, 0.9], 3)).toBe(2);
    expect(selectBest([undefined], 3)).toBeUndefined();
    expect(selectBest([-1], 3)).toBe(0);
  });
});

describe('extraRejected', () => {
  const pair = { chosen: 1, rejected: 3 };
  it('adds the lowest rewards below the chosen one by at least the gap, never the pair itself', () => {
    // rewards: 0.5, 3 (chosen), 1, 0 (rejected), 2, undefined
    const r = [0.5, 3, 1, 0, 2, undefined];
    expect(extraRejected(r, pair, { count: 5, minGap: 0 }, 1)).toEqual([0, 2, 4]);
    expect(extraRejected(r, pair, { count: 2, minGap: 0 }, 1)).toEqual([0, 2]);
    expect(extraRejected(r, pair, { count: 5, minGap: 2 }, 1)).toEqual([0, 2]);
    expect(extraRejected(r, pair, { count: 5, minGap: 2.6 }, 1)).toEqual([]);
    expect(extraRejected(r, pair, { count: 0, minGap: 0 }, 1)).toEqual([]);
  });
  it('never adds a candidate that ties the chosen one, even with gap 0', () => {
    expect(extraRejected([2, 2, 1, 0], pair, { count: 3, minGap: 0 }, 1)).toEqual([2]);
  });
  it('orders equal rewards by the seed, reaching each order, and repeats for a seed', () => {
    const firsts = new Set<number>();
    for (let s = 0; s < 40; s++) firsts.add(extraRejected([0, 3, 0, 0, 0], pair, { count: 1, minGap: 0 }, s)[0]);
    expect([...firsts].sort()).toEqual([0, 2, 4]);
    expect(extraRejected([0, 3, 0, 0, 0], pair, { count: 3, minGap: 0 }, 9)).toEqual(extraRejected([0, 3, 0, 0, 0], pair, { count: 3, minGap: 0 }, 9));
  });
});
