/**
 * Seeded randomness. One seed per run; every random choice derives its own seed from
 * (run seed, purpose, step, example, sample) so that the same recipe and seed give the same run,
 * whatever the order or concurrency of the work.
 */

/** Serializable state of an Rng (goes into checkpoints). */
export interface RngState {
  s: [number, number, number, number];
}

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number;
  /** Standard normal sample. */
  normal(): number;
  /** Pick one element. */
  pick<T>(items: readonly T[]): T;
  /** Fisher-Yates shuffle in place; returns the array. */
  shuffle<T>(items: T[]): T[];
  /** True with probability p. */
  chance(p: number): boolean;
  state(): RngState;
}

/** 32-bit mix of a list of integers and strings (FNV-1a then a murmur finaliser). */
export function deriveSeed(...parts: Array<number | string>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = typeof part === 'number' ? `#${part}` : `$${part}`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/** xoshiro128** generator, seeded through splitmix32, or restored from a saved state. */
export function createRng(seedOrState: number | RngState): Rng {
  let s: [number, number, number, number];
  if (typeof seedOrState === 'number') {
    const sm = splitmix32(seedOrState);
    s = [sm(), sm(), sm(), sm()];
  } else {
    s = [...seedOrState.s];
  }
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  const next = () => nextU32() / 4294967296;
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => items[Math.floor(next() * items.length)],
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
    chance: (p) => next() < p,
    state: () => ({ s: [s[0] >>> 0, s[1] >>> 0, s[2] >>> 0, s[3] >>> 0] }),
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
