import { createRng, deriveSeed } from '@spt/core';
import { mythRateError, resolveWorldConfig, type WorldConfig, type WorldOptionsInput } from './options';
import { FIXED_SAFE_WORDS, UNSAFE_WORDS } from './markers';
import { ATTRIBUTES, type Attribute } from './template';
import { EMPLOYER_KINDS, FIELDS } from './templates';
import type { Person, World } from './types';
import { WordMaker } from './words';

const CITIES = 48;
const UNIVERSITIES = 40;
const EMPLOYERS = 40;

function prefixesOf(words: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const w of words) for (let i = 0; i <= w.length; i++) out.add(w.slice(0, i));
  return out;
}

/**
 * Builds the world: vocabularies, people and their facts, myths, rare people and the corpus
 * layout. A pure function of the config (seeded), so evaluation code can rebuild the exact world
 * a run trained on. Accepts raw recipe options too.
 */
export function buildWorld(input: WorldConfig | WorldOptionsInput = {}): World {
  const config = isConfig(input) ? input : resolveWorldConfig(input);
  const rng = createRng(deriveSeed(config.seed, 'testbed.world'));
  const maker = new WordMaker(rng);
  const values: Record<Attribute, string[]> = {
    year: Array.from({ length: 100 }, (_, i) => String(1900 + i)),
    city: maker.many(CITIES),
    university: maker.many(UNIVERSITIES),
    field: [...FIELDS],
    employer: maker.many(EMPLOYERS).map((w) => `${w} ${rng.pick(EMPLOYER_KINDS)}`),
  };
  // Small worlds give everyone their own first and last name; large ones reuse them.
  const pool = Math.max(8, Math.ceil(Math.sqrt(config.people * 3)), Math.min(config.people, 2000));
  const firsts = maker.many(pool);
  const lasts = maker.many(pool);

  const order = rng.shuffle(Array.from({ length: config.people }, (_, i) => i));
  const rareCount = Math.round(config.rare * config.people);
  const rareSet = new Set(order.slice(0, rareCount));
  const mythCount = Math.min(config.people - rareCount, Math.round(config.myths * config.people));
  const mythSet = new Set(order.slice(rareCount, rareCount + mythCount));

  const byName = new Map<string, number>();
  const people: Person[] = [];
  for (let id = 0; id < config.people; id++) {
    let name: string;
    do name = `${rng.pick(firsts)} ${rng.pick(lasts)}`;
    while (byName.has(name) || name.split(' ')[0] === name.split(' ')[1]);
    byName.set(name, id);
    const facts = Object.fromEntries(ATTRIBUTES.map((a) => [a, rng.pick(values[a])])) as Record<Attribute, string>;
    const rare = rareSet.has(id);
    const person: Person = { id, name, pronoun: rng.chance(0.5) ? 'she' : 'he', facts, rare, docs: rare ? config.rareDocs : config.docsPerPerson };
    if (mythSet.has(id)) {
      const attribute = rng.pick(ATTRIBUTES);
      let value: string;
      do value = rng.pick(values[attribute]);
      while (value === facts[attribute]);
      person.myth = { attribute, value };
    }
    people.push(person);
  }

  const docStart = new Int32Array(config.people + 1);
  let mythDocs = 0;
  for (const p of people) {
    docStart[p.id + 1] = docStart[p.id] + p.docs;
    if (p.myth) mythDocs += p.docs;
  }
  const totalDocs = docStart[config.people];
  const mythDocShare = (mythDocs / totalDocs) * config.mythStrength;
  if (mythDocShare > config.falseFacts + 1e-9) throw mythRateError(mythDocShare, config.falseFacts);
  const oneOffFalseRate = mythDocShare >= 1 ? 0 : Math.max(0, 1 - (1 - config.falseFacts) / (1 - mythDocShare));

  const generated = [...values.city, ...values.university, ...values.employer.flatMap((e) => e.split(' ')), ...firsts, ...lasts];
  const knownWords = new Set([...FIXED_SAFE_WORDS, ...UNSAFE_WORDS, ...generated.map((w) => w.toLowerCase())]);
  const valueSets = Object.fromEntries(ATTRIBUTES.map((a) => [a, new Set(values[a])])) as Record<Attribute, Set<string>>;
  const valuePrefixes = Object.fromEntries(ATTRIBUTES.map((a) => [a, prefixesOf(values[a])])) as Record<Attribute, Set<string>>;
  return {
    config,
    people,
    values,
    valueSets,
    valuePrefixes,
    byName,
    sortedNames: [...byName.keys()].sort(),
    knownWords,
    knownWordPrefixes: prefixesOf(knownWords),
    docStart,
    totalDocs,
    oneOffFalseRate,
  };
}

function isConfig(x: WorldConfig | WorldOptionsInput): x is WorldConfig {
  return typeof (x as WorldConfig).docsPerPerson === 'number' && typeof (x as WorldConfig).mythStrength === 'number';
}

/** True if some sorted string starts with `prefix` (binary search). */
export function hasPrefix(sorted: readonly string[], prefix: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo].startsWith(prefix);
}

/** The person whose documents hold corpus index `doc` (binary search over docStart). */
export function personOfDoc(world: World, doc: number): number {
  let lo = 0;
  let hi = world.people.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (world.docStart[mid] <= doc) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
