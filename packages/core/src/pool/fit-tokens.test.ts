import { describe, expect, it } from 'vitest';
import { fitToK } from './fit-tokens';

describe('fitToK', () => {
  it('cuts long outputs to K whatever the rule', () => {
    for (const rule of ['keep', 'pad_eos', 'drop'] as const) expect(fitToK([1, 2, 3, 4, 5], 3, rule, 0)).toEqual([1, 2, 3]);
  });
  it('short outputs: keep, pad with EOS, or drop', () => {
    expect(fitToK([1, 2], 4, 'keep')).toEqual([1, 2]);
    expect(fitToK([1, 2], 4, 'pad_eos', 9)).toEqual([1, 2, 9, 9]);
    expect(fitToK([1, 2], 4, 'drop')).toBeUndefined();
    expect(fitToK([1, 2], 4, 'pad_eos')).toBeUndefined();
  });
});
