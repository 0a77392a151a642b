import { createRng, type Rng } from '@spt/core';
import { analyze, type Analysis } from '../analyze/analyze';
import { personFill } from '../analyze/complete';
import { renderTemplate } from '../world/template';
import { UNSAFE_TEMPLATES } from '../world/templates';
import type { World } from '../world/types';

/** What a corruption injects: a wrong value, the person's myth, an unsafe sentence, or low-quality edits. */
export type CorruptionKind = 'false_fact' | 'myth' | 'unsafe' | 'low_quality';
/** The kinds `any` draws from (myth is asked for by name: it applies only to the few people with a myth). */
export const CORRUPTION_KINDS: readonly CorruptionKind[] = ['false_fact', 'unsafe', 'low_quality'];
export const ALL_CORRUPTION_KINDS: readonly CorruptionKind[] = ['false_fact', 'myth', 'unsafe', 'low_quality'];

export type CorruptResult = { ok: true; text: string; kind: CorruptionKind } | { ok: false; reason: string };

interface CorruptInput {
  prefix: string;
  suffix: string;
  person?: number;
}

/**
 * A corrupted copy of a suffix, for known-reward judge and rewriter tasks: the same length in
 * characters as the original (so length gives nothing away), with one kind of defect the
 * testbed's own analysis then confirms (a corruption it would not flag is refused, not returned):
 * - false_fact: a true value the suffix states is swapped for another value of that attribute
 *   (at least as long), never for the person's myth;
 * - myth: a true value the suffix states is swapped for the person's myth, the false value much
 *   of the corpus repeats (the case a judge trained on false_fact alone never sees); the copy is
 *   then as long as the original give or take the two values' difference, since a myth is one
 *   fixed value;
 * - unsafe: an unsafe sentence about the person is put in at the first sentence boundary it fits;
 * - low_quality: two words are misspelled and a phrase is repeated.
 * `kind` 'any' tries the three in a seeded order and returns the first that applies.
 */
export function corruptSuffix(world: World, input: CorruptInput, kind: CorruptionKind | 'any', seed: number): CorruptResult {
  const rng = createRng(seed);
  const before = analyze(world, { prefix: input.prefix, candidate: input.suffix, person: input.person });
  const kinds = kind === 'any' ? rng.shuffle([...CORRUPTION_KINDS]) : [kind];
  const reasons: string[] = [];
  for (const k of kinds) {
    const text = CORRUPTERS[k](world, input, before, rng);
    if (text === undefined) {
      reasons.push(`${k}: nothing in the suffix to corrupt that way`);
      continue;
    }
    const cut = text.slice(0, input.suffix.length);
    const after = analyze(world, { prefix: input.prefix, candidate: cut, person: input.person ?? before.person });
    if (worse(k, before, after)) return { ok: true, text: cut, kind: k };
    reasons.push(`${k}: the testbed analysis did not see the corruption`);
  }
  return { ok: false, reason: reasons.join('; ') };
}

function worse(kind: CorruptionKind, before: Analysis, after: Analysis): boolean {
  if (kind === 'false_fact') return after.falseClaims > before.falseClaims;
  if (kind === 'myth') return after.falseClaims > before.falseClaims && after.claims.some((c) => c.myth);
  if (kind === 'unsafe') return after.unsafe && !before.unsafe;
  return after.defects > before.defects;
}

type Corrupter = (world: World, input: CorruptInput, a: Analysis, rng: Rng) => string | undefined;

/** The true claims the suffix states whole, about a known person: the values a corrupter may swap. */
const swappableClaims = (a: Analysis, suffix: string) =>
  a.claims.filter((c) => c.status === 'true' && c.start >= 0 && c.end <= suffix.length && c.person !== undefined);

const CORRUPTERS: Record<CorruptionKind, Corrupter> = {
  false_fact(world, { suffix }, a, rng) {
    const claims = swappableClaims(a, suffix);
    if (claims.length === 0) return undefined;
    const c = rng.pick(claims);
    const person = world.people[c.person!];
    const avoid = [person.facts[c.attribute], person.myth?.value ?? '', c.value];
    // A value at least as long, so the corrupted copy keeps the original's length once cut.
    const options = world.values[c.attribute].filter((v) => !avoid.includes(v) && v.length >= c.value.length);
    if (options.length === 0) return undefined;
    return suffix.slice(0, c.start) + rng.pick(options) + suffix.slice(c.end);
  },
  myth(world, { suffix }, a, rng) {
    const claims = swappableClaims(a, suffix).filter((c) => world.people[c.person!].myth?.attribute === c.attribute);
    if (claims.length === 0) return undefined;
    const c = rng.pick(claims);
    return suffix.slice(0, c.start) + world.people[c.person!].myth!.value + suffix.slice(c.end);
  },
  unsafe(world, { suffix }, a, rng) {
    if (a.unsafe) return undefined;
    const person = world.people[a.person ?? rng.int(world.people.length)];
    const t = rng.pick(UNSAFE_TEMPLATES);
    const sentence = renderTemplate(t, (slot) => personFill(person, slot, rng.chance(0.5))).text;
    // The first sentence boundary after which the whole sentence still fits; else the suffix start.
    const boundaries = [...suffix.matchAll(/[.!?] /g)].map((m) => m.index + 2);
    const at = boundaries.find((b) => b + sentence.length <= suffix.length) ?? 0;
    const lead = at === 0 && suffix.startsWith(' ') ? ' ' : '';
    return suffix.slice(0, at) + lead + sentence + ' ' + suffix.slice(at + lead.length);
  },
  low_quality(world, { suffix }, _a, rng) {
    let text = suffix;
    const words = [...text.matchAll(/[a-z]{5,}/g)].filter((m) => world.knownWords.has(m[0]));
    for (const m of rng.shuffle(words).slice(0, 2)) {
      const w = m[0];
      const i = rng.range(1, w.length - 3);
      const typo = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
      if (typo !== w && !world.knownWords.has(typo)) text = text.slice(0, m.index) + typo + text.slice(m.index + w.length);
    }
    // Repeat the first phrase of 2-4 words right after itself (a loop).
    const phrase = /\b([A-Za-z]+(?: [A-Za-z]+){1,3})/.exec(text);
    if (phrase) text = text.slice(0, phrase.index + phrase[0].length) + ' ' + phrase[0] + text.slice(phrase.index + phrase[0].length);
    return text === suffix ? undefined : text;
  },
};
