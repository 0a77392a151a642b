import { deriveSeed } from '@spt/core';

/**
 * A seeded permutation of [0, n) evaluated one index at a time in O(1) memory: a 4-round Feistel
 * network on the smallest even power of two >= n, with cycle walking to stay inside [0, n).
 * Used to shuffle a corpus of any size without holding an index array.
 */
export function createPermutation(n: number, seed: number): (i: number) => number {
  if (n <= 1) return () => 0;
  let bits = Math.ceil(Math.log2(n));
  if (bits % 2 === 1) bits++;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  const keys = [0, 1, 2, 3].map((r) => deriveSeed(seed, 'feistel', r));
  const round = (x: number, k: number) => deriveSeed(k, x) & mask;
  const encrypt = (x: number) => {
    let left = x >>> half;
    let right = x & mask;
    for (const k of keys) [left, right] = [right, left ^ round(right, k)];
    return ((left << half) | right) >>> 0;
  };
  return (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`permutation index ${i} outside [0, ${n})`);
    let x = encrypt(i);
    while (x >= n) x = encrypt(x);
    return x;
  };
}
