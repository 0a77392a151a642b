import { describe, expect, it } from 'vitest';
import { selectBest, selectDpoPair } from './select-targets';

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
