import { describe, expect, it } from 'vitest';
import { comparisons } from './run-models';

describe('comparisons', () => {
  it('compares each arm with start, and the first arm with the others', () => {
    expect(comparisons({ start: 'a', sip: 'b', ntp: 'c' }, 'start')).toEqual([
      ['sip', 'start'],
      ['ntp', 'start'],
      ['sip', 'ntp'],
    ]);
  });

  it('against an arm: no duplicate pair', () => {
    expect(comparisons({ start: 'a', sip: 'b', ntp: 'c' }, 'ntp')).toEqual([['sip', 'ntp']]);
  });

  it('a run without arms has nothing to compare', () => {
    expect(comparisons({ final: 'a' }, 'start')).toEqual([]);
  });
});
