import { describe, expect, it } from 'vitest';
import { createPermutation } from './permutation';

describe('createPermutation', () => {
  it('is a bijection on [0, n) for awkward sizes', () => {
    for (const n of [1, 2, 3, 7, 64, 100, 1000, 4097]) {
      const perm = createPermutation(n, 9);
      const seen = new Set(Array.from({ length: n }, (_, i) => perm(i)));
      expect(seen.size).toBe(n);
      expect(Math.max(...seen)).toBe(n - 1);
    }
  });

  it('depends on the seed only, and shuffles', () => {
    const a = Array.from({ length: 50 }, (_, i) => createPermutation(50, 1)(i));
    expect(Array.from({ length: 50 }, (_, i) => createPermutation(50, 1)(i))).toEqual(a);
    expect(Array.from({ length: 50 }, (_, i) => createPermutation(50, 2)(i))).not.toEqual(a);
    expect(a.filter((x, i) => x === i).length).toBeLessThan(10);
  });

  it('rejects an index outside the range', () => {
    expect(() => createPermutation(10, 1)(10)).toThrow(RangeError);
  });
});
