import { createRng, deriveSeed, type Document, type Rng } from '@spt/core';
import { personFill } from '../analyze/complete';
import { ATTRIBUTES, renderTemplate, type Attribute, type Template } from '../world/template';
import { CLAIM_TEMPLATES, FILLER_TEMPLATES, UNSAFE_TEMPLATES } from '../world/templates';
import type { Person, World } from '../world/types';
import type { DefectAnnotation, DraftSentence, TestbedDocMeta } from './doc-types';
import { addPhraseLoop, addTypo, breakGrammar } from './low-quality';

/** Rates a document is written with (the eval sets write clean documents). */
export interface DocRates {
  falseFacts: boolean;
  unsafe: number;
  lowQuality: number;
}

function draft(t: Template, person: Person, rng: Rng, useName: boolean, value?: string): DraftSentence {
  const { text, slots } = renderTemplate(t, (slot) => (slot === t.attribute && value !== undefined ? value : personFill(person, slot, useName)));
  return { text, template: t, slots, defects: [], locked: false, edited: false };
}

function otherValue(world: World, a: Attribute, avoid: string[], rng: Rng): string {
  let v: string;
  do v = rng.pick(world.values[a]);
  while (avoid.includes(v));
  return v;
}

function setValue(s: DraftSentence, value: string, truth: string, myth: boolean): void {
  const slot = s.slots.find((x) => x.slot === s.template.attribute)!;
  s.text = s.text.slice(0, slot.start) + value + s.text.slice(slot.end);
  slot.end = slot.start + value.length;
  slot.value = value;
  s.defects.push({ kind: 'false_fact', span: [slot.start, slot.end], attribute: s.template.attribute, value, truth, myth });
  s.locked = true;
}

/**
 * The sentences of a biography of `person`: an opening claim naming them, 2-5 claims in all
 * (always the myth attribute for a person with a myth) and neutral fillers, shuffled.
 */
export function biographySentences(world: World, person: Person, rng: Rng): DraftSentence[] {
  const { sentencesMin, sentencesMax } = world.config;
  const n = rng.range(sentencesMin, sentencesMax);
  const claimCount = Math.max(2, Math.min(5, n - 1, rng.range(3, 5)));
  const attrs = rng.shuffle([...ATTRIBUTES]).slice(0, claimCount);
  if (person.myth && !attrs.includes(person.myth.attribute)) attrs[rng.int(attrs.length)] = person.myth.attribute;
  const openers = CLAIM_TEMPLATES[attrs[0]].filter((t) => 'slot' in t.parts[0] && t.parts[0].slot === 'S');
  const rest = [
    ...attrs.slice(1).map((a) => draft(rng.pick(CLAIM_TEMPLATES[a]), person, rng, rng.chance(0.15))),
    ...rng.shuffle([...FILLER_TEMPLATES]).slice(0, n - claimCount).map((t) => draft(t, person, rng, rng.chance(0.15))),
  ];
  return [draft(rng.pick(openers), person, rng, true), ...rng.shuffle(rest)];
}

/** Injects myths, one-off false facts, an unsafe passage and low-quality edits (in place). */
export function injectDefects(world: World, person: Person, sentences: DraftSentence[], rates: DocRates, rng: Rng): DraftSentence[] {
  const claims = sentences.filter((s) => s.template.attribute);
  if (rates.falseFacts && person.myth && rng.chance(world.config.mythStrength)) {
    const s = claims.find((c) => c.template.attribute === person.myth!.attribute);
    if (s) setValue(s, person.myth.value, person.facts[person.myth.attribute], true);
  }
  if (rates.falseFacts && rng.chance(world.oneOffFalseRate)) {
    const open = claims.filter((c) => !c.locked);
    if (open.length > 0) {
      const s = rng.pick(open);
      const a = s.template.attribute!;
      setValue(s, otherValue(world, a, [person.facts[a], person.myth?.value ?? ''], rng), person.facts[a], false);
    }
  }
  let out = sentences;
  if (rng.chance(rates.unsafe)) {
    let length = 1;
    while (length < 4 && rng.chance(world.config.unsafeCluster)) length++;
    // Unsafe text runs on in a fixed order (pattern i is followed by pattern i + 1), so what
    // follows an unsafe sentence is predictable: greedy decoding continues it, as real models do.
    const first = rng.int(UNSAFE_TEMPLATES.length);
    const chain = Array.from({ length }, (_, i) => UNSAFE_TEMPLATES[(first + i) % UNSAFE_TEMPLATES.length]);
    const passage = chain.map((t) => {
      const s = draft(t, person, rng, false);
      s.defects.push({ kind: 'unsafe', span: [0, s.text.length] });
      s.locked = true;
      return s;
    });
    for (let i = 0; i < length - 1; i++) {
      const filler = out.findIndex((s, j) => j > 0 && s.template.kind === 'filler');
      if (filler < 0) break;
      out = out.filter((_, j) => j !== filler);
    }
    const at = rng.range(1, out.length);
    out = [...out.slice(0, at), ...passage, ...out.slice(at)];
  }
  if (rng.chance(rates.lowQuality)) out = lowQuality(world, out, rng);
  return out;
}

function lowQuality(world: World, sentences: DraftSentence[], rng: Rng): DraftSentence[] {
  let kinds = ['loop', 'typo', 'grammar'].filter(() => rng.chance(0.5));
  if (kinds.length === 0) kinds = [rng.pick(['loop', 'typo', 'grammar'])];
  let out = sentences;
  const open = () => out.filter((s) => !s.locked && !s.edited);
  if (kinds.includes('grammar')) for (let i = rng.range(1, 2); i > 0 && open().length > 0; i--) breakGrammar(world, rng.pick(open()), rng);
  if (kinds.includes('typo')) for (let i = rng.range(2, 3); i > 0 && open().length > 0; i--) addTypo(world, rng.pick(open()), rng);
  const loopable = () => open().filter((s) => s !== out[0] || out.length === 1);
  if (kinds.includes('loop') && loopable().length > 0) {
    const s = rng.pick(loopable());
    if (rng.chance(0.6)) {
      const at = out.indexOf(s);
      const copies = Array.from({ length: rng.range(2, 4) }, () => {
        const c: DraftSentence = { ...s, defects: [{ kind: 'repetition', span: [0, s.text.length] }], locked: true, edited: true };
        return c;
      });
      out = [...out.slice(0, at + 1), ...copies];
    } else addPhraseLoop(s, rng);
  }
  return out;
}

/** Joins sentences into a document text and moves the annotations to document offsets. */
export function assemble(sentences: DraftSentence[]): { text: string; defects: DefectAnnotation[] } {
  let text = '';
  const defects: DefectAnnotation[] = [];
  for (const s of sentences) {
    if (text.length > 0) text += ' ';
    const base = text.length;
    for (const d of s.defects) {
      defects.push({ ...d, span: [d.span[0] + base, d.span[1] + base], ...(d.at === undefined ? {} : { at: d.at + base }) });
    }
    text += s.text;
  }
  return { text, defects };
}

/** Training document `j` of person `p`: a pure function of (world, p, j). */
export function renderDocument(world: World, p: number, j: number): Document {
  const person = world.people[p];
  const rng = createRng(deriveSeed(world.config.seed, 'testbed.doc', p, j));
  const c = world.config;
  const sentences = injectDefects(world, person, biographySentences(world, person, rng), { falseFacts: true, unsafe: c.unsafe, lowQuality: c.lowQuality }, rng);
  const { text, defects } = assemble(sentences);
  const meta: TestbedDocMeta = { person: p, name: person.name, rare: person.rare, defects };
  return { id: `testbed-${c.seed}-${p}-${j}`, text, meta };
}
