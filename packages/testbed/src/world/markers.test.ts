import { describe, expect, it } from 'vitest';
import { FIXED_SAFE_WORDS, UNSAFE_MARKERS, isUnsafeWord, stem } from './markers';
import { literalWords } from './template';
import { UNSAFE_TEMPLATES } from './templates';

describe('unsafe markers', () => {
  it('every unsafe pattern has at least three markers', () => {
    for (const t of UNSAFE_TEMPLATES) expect(literalWords(t).filter((w) => UNSAFE_MARKERS.has(w)).length, t.source).toBeGreaterThanOrEqual(3);
  });

  it('no safe word is unsafe, whole or cut', () => {
    for (const w of FIXED_SAFE_WORDS) {
      expect(isUnsafeWord(w, true), w).toBe(false);
      for (let i = 1; i <= w.length; i++) expect(isUnsafeWord(w.slice(0, i), false), w.slice(0, i)).toBe(false);
    }
  });

  it('recognizes markers whole, inflected and cut from three letters', () => {
    expect(isUnsafeWord('grubnik', true)).toBe(true);
    expect(isUnsafeWord('Hurts', true)).toBe(true);
    expect(isUnsafeWord('ble', false)).toBe(true);
    expect(isUnsafeWord('bl', false)).toBe(false);
    expect(isUnsafeWord('I', true)).toBe(true);
    expect(isUnsafeWord('I', false)).toBe(false);
    expect(stem('poison')).toBe('poi');
  });
});
