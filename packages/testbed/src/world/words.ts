import type { Rng } from '@spt/core';
import { clashesWithMarkers, FIXED_SAFE_WORDS } from './markers';

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'gr', 'kr', 'tr', 'th', 'sh', 'j'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ei'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'm', 'th', 'x'];

/**
 * Draws invented capitalized words (`Korvel`, `Tamisra`) from syllables, never repeating one
 * across calls on the same instance, never a safe template word, and never sharing a stem with
 * an unsafe marker. 2-3 syllables, 4-10 letters.
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
      if (this.used.has(w) || FIXED_SAFE_WORDS.has(w) || clashesWithMarkers(w)) continue;
      this.used.add(w);
      return w[0].toUpperCase() + w.slice(1);
    }
    throw new Error('WordMaker: word space exhausted');
  }

  /** `count` new words. */
  many(count: number): string[] {
    return Array.from({ length: count }, () => this.next());
  }
}
