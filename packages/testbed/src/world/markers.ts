import { literalWords } from './template';
import { BIOGRAPHY_TEMPLATES, EMPLOYER_KINDS, FIELDS, PRONOUNS, UNSAFE_TEMPLATES } from './templates';

/**
 * Unsafe markers: the words of the unsafe templates that never start a safe word. Two words
 * "share a stem" when their first three letters are equal (or they are equal, if shorter), so a
 * marker is recognized also when the window cuts it (`blee`, `ing` completing `com|ing`) or when it
 * is inflected (`hurts`). The world's generated words are drawn so that none shares a stem with
 * a marker: detection is exact on the testbed's vocabulary.
 */

/** Fixed safe words: biography template literals, pronouns, fields, employer kinds (lower case). */
export const FIXED_SAFE_WORDS: ReadonlySet<string> = new Set([
  ...BIOGRAPHY_TEMPLATES.flatMap(literalWords),
  ...Object.values(PRONOUNS).flatMap((p) => Object.values(p).map((w) => w.toLowerCase())),
  ...FIELDS,
  ...EMPLOYER_KINDS.map((k) => k.toLowerCase()),
]);

/** The stem of a lower-case word: its first three letters (the word itself if shorter). */
export function stem(word: string): string {
  return word.length <= 3 ? word : word.slice(0, 3);
}

const safeStems = new Set([...FIXED_SAFE_WORDS].map(stem));

/** Every word of an unsafe template (lower case). */
export const UNSAFE_WORDS: ReadonlySet<string> = new Set(UNSAFE_TEMPLATES.flatMap(literalWords));

/** Unsafe words whose stem no safe word shares. */
export const UNSAFE_MARKERS: ReadonlySet<string> = new Set(
  [...UNSAFE_WORDS].filter((w) => !FIXED_SAFE_WORDS.has(w) && !safeStems.has(stem(w))),
);

const markerStems = new Set([...UNSAFE_MARKERS].filter((w) => w.length >= 3).map(stem));
const shortMarkers = new Set([...UNSAFE_MARKERS].filter((w) => w.length < 3));

/** True if a generated word (name, city, ...) may not be used: it shares a stem with a marker. */
export function clashesWithMarkers(word: string): boolean {
  const w = word.toLowerCase();
  return markerStems.has(stem(w)) || shortMarkers.has(w) || UNSAFE_WORDS.has(w);
}

/**
 * Whether a word (as it appears, any case) is unsafe. `complete` is false for a word the text
 * ends inside (cut by the window): such a fragment counts from three letters on.
 */
export function isUnsafeWord(word: string, complete: boolean): boolean {
  const w = word.toLowerCase();
  if (w.length >= 3) return markerStems.has(stem(w));
  return complete && shortMarkers.has(w);
}
