/**
 * Sentence templates: literal text with slots. One representation serves the generator
 * (render a sentence, remembering where each slot's value went) and the judges (match a
 * sentence, or a prefix of one, back to a template).
 */

/** The five attributes every person has. */
export const ATTRIBUTES = ['year', 'city', 'university', 'field', 'employer'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/**
 * Slot kinds. `S`/`s`: subject at the start / inside a sentence (He|She or the full name);
 * `O`: him|her; `P`/`Pc`: his|her, capitalized; `N`: the full name; attributes: their values.
 */
export type SlotKind = 'S' | 's' | 'O' | 'P' | 'Pc' | 'N' | Attribute;

export type Part = { lit: string } | { slot: SlotKind };

export type TemplateKind = 'claim' | 'filler' | 'unsafe';

export interface Template {
  /** Stable id, e.g. `claim.year.1`. */
  id: string;
  kind: TemplateKind;
  /** For claims: the attribute the sentence states. */
  attribute?: Attribute;
  parts: Part[];
  /** The source text, e.g. `{S} was born in {year}.` */
  source: string;
  /** For claims: literal text comes before the value, so a prefix can end right before it. */
  elicits: boolean;
}

const SLOT_KINDS = new Set<string>(['S', 's', 'O', 'P', 'Pc', 'N', 'year', 'city', 'university', 'field', 'employer']);

/** Parses `{S} was born in {year}.` into parts; throws on an unknown slot (a bug in a table). */
export function parseTemplate(id: string, kind: TemplateKind, source: string): Template {
  const parts: Part[] = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  let attribute: Attribute | undefined;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m.index > last) parts.push({ lit: source.slice(last, m.index) });
    const slot = m[1];
    if (!SLOT_KINDS.has(slot)) throw new Error(`template ${id}: unknown slot {${slot}}`);
    if ((ATTRIBUTES as readonly string[]).includes(slot)) attribute = slot as Attribute;
    parts.push({ slot: slot as SlotKind });
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push({ lit: source.slice(last) });
  const valueAt = parts.findIndex((p) => 'slot' in p && p.slot === attribute);
  const elicits = attribute !== undefined && valueAt > 0 && parts.slice(0, valueAt).some((p) => 'lit' in p && /[a-z]/.test(p.lit));
  return { id, kind, attribute, parts, source, elicits };
}

/** Words of the literal parts (letters only, lower case). */
export function literalWords(t: Template): string[] {
  return t.parts.flatMap((p) => ('lit' in p ? (p.lit.toLowerCase().match(/[a-z]+/g) ?? []) : []));
}

/** Where one slot's value landed in a rendered sentence. */
export interface SlotSpan {
  slot: SlotKind;
  value: string;
  start: number;
  end: number;
}

/** Renders a template with a value per slot; returns the text and where each slot went. */
export function renderTemplate(t: Template, fill: (slot: SlotKind) => string): { text: string; slots: SlotSpan[] } {
  let text = '';
  const slots: SlotSpan[] = [];
  for (const p of t.parts) {
    if ('lit' in p) {
      text += p.lit;
      continue;
    }
    const value = fill(p.slot);
    slots.push({ slot: p.slot, value, start: text.length, end: text.length + value.length });
    text += value;
  }
  return { text, slots };
}
