import type { SlotKind, Template } from '../world/template';

/** A slot value found in a sentence; offsets are relative to the sentence body. */
export interface MatchedSlot {
  slot: SlotKind;
  value: string;
  start: number;
  end: number;
  /** The text ended inside this value, so it may be incomplete. */
  cut: boolean;
}

export interface SentenceMatch {
  template: Template;
  slots: MatchedSlot[];
  /** True if the whole template matched (a finished sentence), false for a valid prefix of one. */
  complete: boolean;
}

/** How many words a slot's value has and what they look like (lenient: typos still match). */
interface Shape {
  words: number;
  first: RegExp;
  rest: RegExp;
}
const LETTERS = /[A-Za-z]/;
const DIGITS = /[0-9]/;
const VALUE_SHAPES: Partial<Record<SlotKind, Shape>> = {
  N: { words: 2, first: /[A-Z]/, rest: LETTERS },
  year: { words: 1, first: DIGITS, rest: DIGITS },
  city: { words: 1, first: /[A-Z]/, rest: LETTERS },
  university: { words: 1, first: /[A-Z]/, rest: LETTERS },
  field: { words: 1, first: /[a-z]/, rest: LETTERS },
  employer: { words: 2, first: /[A-Z]/, rest: LETTERS },
};

/** Literal alternatives of pronoun slots (S and s also accept a full name). */
const ALTERNATIVES: Partial<Record<SlotKind, string[]>> = {
  S: ['He', 'She'],
  s: ['he', 'she'],
  O: ['him', 'her'],
  P: ['his', 'her'],
  Pc: ['His', 'Her'],
};

type Reading = { end: number; cut: boolean };

/** Reads a value of the given shape at `pos`; `cut` when the text ends inside it. */
function readValue(text: string, pos: number, shape: Shape, partial: boolean): Reading | undefined {
  const { words, first, rest } = shape;
  let i = pos;
  for (let w = 0; w < words; w++) {
    if (w > 0) {
      if (i === text.length) return partial ? { end: i, cut: true } : undefined;
      if (text[i] !== ' ') return undefined;
      i++;
    }
    if (i === text.length) return partial ? { end: i, cut: true } : undefined;
    if (!first.test(text[i])) return undefined;
    i++;
    while (i < text.length && rest.test(text[i])) i++;
  }
  if (i === text.length) return partial ? { end: i, cut: true } : undefined;
  return { end: i, cut: false };
}

/**
 * Judges whether a name read in a fragment can be real: a known name, or (`cut`: the text ends
 * inside it) the start of one. Without it any two capitalized words read as a name.
 */
export type NamePrefixCheck = (visible: string, cut: boolean) => boolean;

/** Every way a slot can be read at `pos` (literal alternatives first). */
function readSlot(slot: SlotKind, text: string, pos: number, partial: boolean, names?: NamePrefixCheck): Reading[] {
  const out: Reading[] = [];
  for (const alt of ALTERNATIVES[slot] ?? []) {
    if (text.startsWith(alt, pos)) out.push({ end: pos + alt.length, cut: partial && pos + alt.length === text.length });
    else if (partial && alt.startsWith(text.slice(pos))) out.push({ end: text.length, cut: true });
  }
  const shape = slot === 'S' || slot === 's' ? VALUE_SHAPES.N : VALUE_SHAPES[slot];
  if (shape) {
    const r = readValue(text, pos, shape, partial);
    const isName = slot === 'S' || slot === 's' || slot === 'N';
    // With a name check, a fragment's names must be real (whole) or the start of a real one, so
    // that the set of valid fragments is closed under taking prefixes.
    if (r && !(partial && isName && names && !names(text.slice(pos, r.end), r.cut))) out.push(r);
  }
  return out;
}

function matchParts(t: Template, text: string, idx: number, pos: number, partial: boolean, slots: MatchedSlot[], names?: NamePrefixCheck): SentenceMatch | undefined {
  if (idx === t.parts.length) return pos === text.length ? { template: t, slots, complete: true } : undefined;
  if (partial && pos === text.length) return { template: t, slots, complete: false };
  const part = t.parts[idx];
  if ('lit' in part) {
    if (text.startsWith(part.lit, pos)) return matchParts(t, text, idx + 1, pos + part.lit.length, partial, slots, names);
    if (partial && part.lit.startsWith(text.slice(pos))) return { template: t, slots, complete: false };
    return undefined;
  }
  for (const r of readSlot(part.slot, text, pos, partial, names)) {
    const slot: MatchedSlot = { slot: part.slot, value: text.slice(pos, r.end), start: pos, end: r.end, cut: r.cut };
    const found = matchParts(t, text, idx + 1, r.end, partial, [...slots, slot], names);
    if (found) return found;
  }
  return undefined;
}

const literalCache = new WeakMap<Template, string[]>();
function literalsOf(t: Template): string[] {
  let lits = literalCache.get(t);
  if (!lits) literalCache.set(t, (lits = t.parts.flatMap((p) => ('lit' in p ? [p.lit] : []))));
  return lits;
}

/**
 * Matches a sentence body (no leading space; a finished sentence ends with its period) against
 * templates. `partial`: the body may stop anywhere (a sentence cut by the window); it matches if
 * it is a prefix of some sentence of a template. `names` limits the names of a fragment to real
 * ones (a finished sentence may name anyone: an unknown name is a defect, not a parse failure). Returns the first match in template order.
 */
export function matchSentence(body: string, templates: readonly Template[], partial: boolean, names?: NamePrefixCheck): SentenceMatch | undefined {
  for (const t of templates) {
    // A finished sentence holds every literal part of its template: a cheap filter first.
    if (!partial && !literalsOf(t).every((lit) => body.includes(lit))) continue;
    const m = matchParts(t, body, 0, 0, partial, [], names);
    if (m) return m;
  }
  return undefined;
}
