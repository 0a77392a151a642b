import type { Attribute } from '../world/template';
import type { Person, World } from '../world/types';
import { completions } from './complete';
import { bioMatch } from './bio-match';
import { splitSentences } from './text';

/** What the judges need to know about a prefix; computed once per prefix and reused. */
export interface PrefixInfo {
  /** The document's person: the hint if valid, else the first known full name in the prefix. */
  person?: number;
  /** Bodies of the finished sentences of the prefix. */
  earlier: ReadonlySet<string>;
  /** Attributes of the person the prefix's finished sentences already state. */
  stated: ReadonlySet<Attribute>;
  /** The prefix's unfinished last sentence (without its leading space); '' if none. */
  tail: string;
  /** Truthful completions of `tail` for the person (memoized; see complete.ts). */
  tailCompletions(person: Person): readonly string[];
}

const NAME = /[A-Z][a-z]+ [A-Z][a-z]+/g;

/** The first known full name in a text, as a person id. */
export function findPerson(world: World, text: string): number | undefined {
  for (const m of text.matchAll(NAME)) {
    const id = world.byName.get(m[0]);
    if (id !== undefined) return id;
  }
  return undefined;
}

const caches = new WeakMap<World, Map<string, PrefixInfo>>();
const CACHE_SIZE = 2048;

/** Prefix facts, memoized per world (bounded: the oldest half is dropped when full). */
export function prefixInfo(world: World, prefix: string, hint?: number): PrefixInfo {
  let cache = caches.get(world);
  if (!cache) caches.set(world, (cache = new Map()));
  const key = `${hint ?? ''}\u0000${prefix}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const info = computePrefixInfo(world, prefix, hint);
  if (cache.size >= CACHE_SIZE) {
    let drop = CACHE_SIZE / 2;
    for (const k of cache.keys()) {
      if (drop-- <= 0) break;
      cache.delete(k);
    }
  }
  cache.set(key, info);
  return info;
}

function computePrefixInfo(world: World, prefix: string, hint?: number): PrefixInfo {
  const person = hint !== undefined && Number.isInteger(hint) && hint >= 0 && hint < world.people.length ? hint : findPerson(world, prefix);
  const earlier = new Set<string>();
  const stated = new Set<Attribute>();
  const name = person === undefined ? undefined : world.people[person].name;
  let tail = '';
  for (const s of splitSentences(prefix)) {
    if (!s.complete) {
      tail = s.body;
      continue;
    }
    earlier.add(s.body);
    const m = bioMatch(world, s.body, false);
    const attribute = m?.template.attribute;
    if (!m || !attribute) continue;
    const subject = m.slots.find((x) => x.slot === 'S' || x.slot === 's' || x.slot === 'N');
    if (!subject || subject.value === name || /^(he|she)$/i.test(subject.value)) stated.add(attribute);
  }
  const memo = new Map<number, readonly string[]>();
  const tailCompletions = (p: Person) => {
    let list = memo.get(p.id);
    if (!list) memo.set(p.id, (list = completions(world, p, tail)));
    return list;
  };
  return { person, earlier, stated, tail, tailCompletions };
}
