import type { Rng } from '@spt/core';
import { clashesWithMarkers, FIXED_SAFE_WORDS } from './markers';

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'gr', 'kr', 'tr', 'th', 'sh', 'j'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ei'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'm', 'th', 'x'];

/**
 * Draws invented capitalized words (`Korvel`, `Tamisra`) from syllables, never repeating one
 * across calls on the same instance, never a safe template word, never sharing a stem with an
 * unsafe marker, and never a prefix of another (so a value that ends is not the start of a longer
 * one: a window that ends right after a value has seen all of it). 2-3 syllables, 4-10 letters.
 */
export class WordMaker {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** One new word. */
  next(): string {
    for (let tries = 0; tries < 10_000; tries++) {
      const syllables = this.rng.chance(0.7) ? 2 : 3;
      let w = '';
      for (let i = 0; i < syllables; i++) {
        w += this.rng.pick(ONSETS) + this.rng.pick(VOWELS) + (i === syllables - 1 ? this.rng.pick(CODAS) : '');
      }
      if (w.length < 4 || w.length > 10) continue;
      if (this.used.has(w) || FIXED_SAFE_WORDS.has(w) || clashesWithMarkers(w) || this.prefixRelated(w)) continue;
      this.used.add(w);
      return w[0].toUpperCase() + w.slice(1);
    }
    throw new Error('WordMaker: word space exhausted');
  }

  /** True if `w` starts an earlier word or an earlier word starts it (values stay prefix-free). */
  private prefixRelated(w: string): boolean {
    for (const u of this.used) if (u.startsWith(w) || w.startsWith(u)) return true;
    return false;
  }

  /** `count` new words. */
  many(count: number): string[] {
    return Array.from({ length: count }, () => this.next());
  }
}
