import { SptError, createRng, deriveSeed, type Rng } from '@spt/core';
import { personFill } from '../analyze/complete';
import type { DraftSentence } from '../generate/doc-types';
import { biographySentences, renderDocument } from '../generate/render-doc';
import { ATTRIBUTES, renderTemplate, type Attribute } from '../world/template';
import { CLAIM_TEMPLATES, UNSAFE_TEMPLATES } from '../world/templates';
import type { Person, World } from '../world/types';

/** The three evaluation sets. */
export type EvalKind = 'standard' | 'unsafe' | 'fact';
export const EVAL_KINDS: readonly EvalKind[] = ['standard', 'unsafe', 'fact'];

/** What an evaluator needs about one held-out prefix. */
export interface EvalPrefixMeta {
  [key: string]: unknown;
  person: number;
  name: string;
  rare: boolean;
  /** fact set: the attribute the prefix stops right before, its truth, and whether it is a myth fact. */
  attribute?: Attribute;
  truth?: string;
  myth?: boolean;
  mythValue?: string;
  /** unsafe set: [start, end) of the unsafe sentence the prefix ends with. */
  unsafeSpan?: [number, number];
}

export interface EvalPrefix {
  id: string;
  set: EvalKind;
  prefix: string;
  /** The rest of the held-out clean document (what a good model might write). */
  reference: string;
  meta: EvalPrefixMeta;
}

export interface EvalPrefixOptions {
  kind: EvalKind;
  count: number;
  seed: number;
  /** fact set: share of prefixes that ask for a myth fact (default 0.25; 0 if nobody has a myth). */
  mythShare?: number;
}

const join = (s: readonly DraftSentence[]) => s.map((x) => x.text).join(' ');

/** A clean held-out biography that is not one of the person's training documents. */
function heldOut(world: World, person: Person, seeds: Array<number | string>, seen: Map<number, Set<string>>): DraftSentence[] {
  let texts = seen.get(person.id);
  if (!texts) {
    texts = new Set(Array.from({ length: person.docs }, (_, j) => renderDocument(world, person.id, j).text));
    seen.set(person.id, texts);
  }
  for (let attempt = 0; ; attempt++) {
    const s = biographySentences(world, person, createRng(deriveSeed(world.config.seed, 'testbed.eval', ...seeds, attempt)));
    if (!texts.has(join(s))) return s;
  }
}

function baseMeta(p: Person): EvalPrefixMeta {
  return { person: p.id, name: p.name, rare: p.rare };
}

/** People in a seeded order, cycled. */
function personCycle(world: World, rng: Rng): (i: number) => Person {
  const order = rng.shuffle(world.people.map((p) => p.id));
  return (i) => world.people[order[i % order.length]];
}

/** The (person, attribute) targets of the fact set: a share of myth facts, the rest uniform. */
function factTargets(world: World, count: number, mythShare: number, rng: Rng): Array<[Person, Attribute]> {
  const myths = world.people.filter((p) => p.myth);
  const share = myths.length === 0 ? 0 : mythShare;
  const out: Array<[Person, Attribute]> = [];
  for (let i = 0; i < count; i++) {
    if (rng.next() < share) {
      const p = rng.pick(myths);
      out.push([p, p.myth!.attribute]);
      continue;
    }
    let p: Person;
    let a: Attribute;
    do {
      p = rng.pick(world.people);
      a = rng.pick(ATTRIBUTES);
    } while (p.myth?.attribute === a && share > 0);
    out.push([p, a]);
  }
  return out;
}

/**
 * Held-out evaluation prefixes, disjoint from the training stream (every prefix comes from a clean
 * biography that is none of the person's training documents), for people the training corpus
 * writes about. standard: a clean biography cut after 1..n-2 sentences; unsafe: a clean start
 * followed by one unsafe sentence; fact: cut right before the value of an attribute (the meta says
 * which, its truth and whether the person has a myth about it). Deterministic in (world, options).
 */
export function evalPrefixes(world: World, options: EvalPrefixOptions): EvalPrefix[] {
  const { kind, count, seed } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new SptError({ code: 'testbed.eval', what: 'evalPrefixes: count must be a non-negative integer', expected: 'an integer >= 0', got: String(count), fix: 'pass a whole number of prefixes' });
  }
  const rng = createRng(deriveSeed(world.config.seed, 'testbed.eval.draw', kind, seed));
  const seen = new Map<number, Set<string>>();
  const out: EvalPrefix[] = [];
  if (kind === 'fact') {
    for (const [i, [p, a]] of factTargets(world, count, options.mythShare ?? 0.25, rng).entries()) {
      const s = heldOut(world, p, [kind, seed, i], seen);
      const at = s.findIndex((x) => x.template.attribute === a);
      // The opening sentence names the person, so it must start with the subject.
      const t = rng.pick(CLAIM_TEMPLATES[a].filter((x) => x.elicits && (at !== 0 || ('slot' in x.parts[0] && x.parts[0].slot === 'S'))));
      const { text, slots } = renderTemplate(t, (slot) => personFill(p, slot, at === 0));
      const claim: DraftSentence = { text, template: t, slots, defects: [], locked: false, edited: false };
      const index = at >= 0 ? at : rng.range(1, s.length);
      const sentences = at >= 0 ? s.map((x, j) => (j === at ? claim : x)) : [...s.slice(0, index), claim, ...s.slice(index)];
      const before = join(sentences.slice(0, index));
      const valueAt = slots.find((x) => x.slot === a)!.start;
      const prefix = (before ? `${before} ` : '') + text.slice(0, valueAt);
      const reference = text.slice(valueAt) + sentences.slice(index + 1).map((x) => ` ${x.text}`).join('');
      const meta: EvalPrefixMeta = { ...baseMeta(p), attribute: a, truth: p.facts[a], myth: p.myth?.attribute === a };
      if (meta.myth) meta.mythValue = p.myth!.value;
      out.push({ id: `fact-${seed}-${i}`, set: kind, prefix, reference, meta });
    }
    return out;
  }
  const person = personCycle(world, rng);
  for (let i = 0; i < count; i++) {
    const p = person(i);
    const s = heldOut(world, p, [kind, seed, i], seen);
    const cut = kind === 'standard' ? rng.range(1, Math.max(1, s.length - 2)) : rng.range(1, s.length - 1);
    let prefix = join(s.slice(0, cut));
    const reference = s.slice(cut).map((x) => ` ${x.text}`).join('');
    const meta = baseMeta(p);
    if (kind === 'unsafe') {
      const t = rng.pick(UNSAFE_TEMPLATES);
      const unsafe = renderTemplate(t, (slot) => personFill(p, slot, false)).text;
      meta.unsafeSpan = [prefix.length + 1, prefix.length + 1 + unsafe.length];
      prefix = `${prefix} ${unsafe}`;
    }
    out.push({ id: `${kind}-${seed}-${i}`, set: kind, prefix, reference, meta });
  }
  return out;
}
