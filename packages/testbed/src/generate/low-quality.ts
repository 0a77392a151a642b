import type { Rng } from '@spt/core';
import { bioMatch } from '../analyze/bio-match';
import { clashesWithMarkers } from '../world/markers';
import type { World } from '../world/types';
import type { DraftSentence } from './doc-types';

interface LiteralWord {
  start: number;
  end: number;
}

/** Words of a sentence outside its slot values (the template's own words). */
function literalWords(s: DraftSentence): LiteralWord[] {
  const out: LiteralWord[] = [];
  for (const m of s.text.matchAll(/[A-Za-z]+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!s.slots.some((x) => x.start < end && x.end > start)) out.push({ start, end });
  }
  return out;
}

/** Misspells one word (swap, drop or double a letter) into a non-word; false if none found. */
export function addTypo(world: World, s: DraftSentence, rng: Rng): boolean {
  const words = literalWords(s).filter((w) => w.end - w.start >= 4);
  for (let tries = 0; tries < 12 && words.length > 0; tries++) {
    const w = rng.pick(words);
    const word = s.text.slice(w.start, w.end);
    const i = rng.range(1, word.length - 2);
    const op = rng.int(3);
    const typo =
      op === 0 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : op === 1 ? word.slice(0, i) + word.slice(i + 1) : word.slice(0, i) + word[i] + word.slice(i);
    if (typo === word || world.knownWords.has(typo.toLowerCase()) || clashesWithMarkers(typo)) continue;
    s.text = s.text.slice(0, w.start) + typo + s.text.slice(w.end);
    s.defects.push({ kind: 'typo', span: [w.start, w.start + typo.length] });
    s.edited = true;
    return true;
  }
  return false;
}

/** The length of the longest prefix of `body` that is still the start of a well-formed sentence. */
function validPrefixLength(world: World, body: string): number {
  let k = body.length;
  while (k > 0 && !bioMatch(world, body.slice(0, k), true)) k--;
  return k;
}

/** Swaps two adjacent template words or drops one, so the sentence no longer parses. */
export function breakGrammar(world: World, s: DraftSentence, rng: Rng): boolean {
  const words = literalWords(s);
  for (let tries = 0; tries < 12 && words.length > 1; tries++) {
    const i = rng.int(words.length - 1);
    const [a, b] = [words[i], words[i + 1]];
    let text: string;
    let span: [number, number];
    if (rng.chance(0.5) && s.text.slice(a.end, b.start) === ' ') {
      text = s.text.slice(0, a.start) + s.text.slice(b.start, b.end) + ' ' + s.text.slice(a.start, a.end) + s.text.slice(b.end);
      span = [a.start, b.end];
    } else {
      if (s.text[a.end] !== ' ') continue;
      text = s.text.slice(0, a.start) + s.text.slice(a.end + 1);
      span = [a.start, a.start];
    }
    if (bioMatch(world, text, false)) continue;
    const valid = validPrefixLength(world, text);
    if (valid >= text.length) continue;
    s.text = text;
    s.defects.push({ kind: 'grammar', span, at: valid });
    s.edited = true;
    return true;
  }
  return false;
}

/** Turns a sentence into a phrase loop: its last 1-2 words before a point repeat 3-5 times. */
export function addPhraseLoop(s: DraftSentence, rng: Rng): boolean {
  const words = [...s.text.matchAll(/[A-Za-z0-9]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  if (words.length < 4) return false;
  const n = rng.range(1, 2);
  const k = rng.range(n + 1, words.length - 1);
  const group = s.text.slice(words[k - n].start, words[k - 1].end);
  if (group.includes(',')) return false;
  const copies = rng.range(3, 5);
  let text = s.text.slice(0, words[k - 1].end);
  for (let c = 0; c < copies; c++) {
    const start = text.length;
    text += ' ' + group;
    s.defects.push({ kind: 'repetition', span: [start, text.length] });
  }
  s.text = text + s.text.slice(words[k - 1].end);
  s.edited = true;
  return true;
}
