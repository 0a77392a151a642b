/**
 * Splitting testbed text. Sentences end at a period; the next one starts after one space.
 * Words are runs of characters other than whitespace, periods and commas, so junk such as
 * `b@tany` or non-Latin text forms (unknown) words.
 */

/** A sentence: [start, end) in the text, and its body (no leading space) starting at bodyStart. */
export interface SentenceSpan {
  start: number;
  end: number;
  bodyStart: number;
  body: string;
  /** Ends with a period. */
  complete: boolean;
}

/** Cuts text into sentences. The last one is incomplete when the text does not end with a period. */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let start = 0;
  const push = (end: number, complete: boolean) => {
    const bodyStart = start > 0 && text[start] === ' ' ? start + 1 : start;
    out.push({ start, end, bodyStart, body: text.slice(bodyStart, end), complete });
    start = end;
  };
  for (let i = text.indexOf('.'); i >= 0; i = text.indexOf('.', i + 1)) push(i + 1, true);
  if (start < text.length) push(text.length, false);
  return out;
}

export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

const SEPARATOR = /[\s.,]/;

/** Words with their offsets. */
export function splitWords(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && SEPARATOR.test(text[i])) i++;
    const start = i;
    while (i < text.length && !SEPARATOR.test(text[i])) i++;
    if (i > start) out.push({ word: text.slice(start, i), start, end: i });
  }
  return out;
}

/**
 * Immediate repeats of a word n-gram (n = 1..3, case-insensitive) in a list of words:
 * returns the end offset of each repeated copy.
 */
export function repeatedNgrams(words: readonly WordSpan[]): number[] {
  const ends: number[] = [];
  const lower = words.map((w) => w.word.toLowerCase());
  for (let i = 1; i < words.length; i++) {
    for (let n = 1; n <= 3 && 2 * n <= i + 1; n++) {
      let same = true;
      for (let j = 0; j < n && same; j++) same = lower[i - j] === lower[i - n - j];
      if (same) {
        ends.push(words[i].end);
        break;
      }
    }
  }
  return ends;
}
