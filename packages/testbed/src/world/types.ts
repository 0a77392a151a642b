import type { Attribute } from './template';
import type { Pronoun } from './templates';
import type { WorldConfig } from './options';

/** One invented person of the knowledge base. */
export interface Person {
  /** Index in World.people. */
  id: number;
  /** `First Last`. */
  name: string;
  pronoun: Pronoun;
  /** The true value of each attribute. */
  facts: Record<Attribute, string>;
  /** A persistent wrong value most of this person's documents state. */
  myth?: { attribute: Attribute; value: string };
  /** A person with few documents (a fact a small model may not know). */
  rare: boolean;
  /** Training documents about this person. */
  docs: number;
}

/**
 * The knowledge base and everything judges need to parse text against it. Built by
 * `buildWorld(config)`, a pure function of the config.
 */
export interface World {
  config: WorldConfig;
  people: Person[];
  /** Values of each attribute, in a fixed order. */
  values: Record<Attribute, string[]>;
  valueSets: Record<Attribute, ReadonlySet<string>>;
  /** Every prefix of every value, per attribute (for cut values). */
  valuePrefixes: Record<Attribute, ReadonlySet<string>>;
  /** Full name -> person id. */
  byName: ReadonlyMap<string, number>;
  /** Full names, sorted (for names cut by the window). */
  sortedNames: readonly string[];
  /** Lower-case words that may appear in testbed text (safe and unsafe). */
  knownWords: ReadonlySet<string>;
  /** Every prefix of a known word (lower case), for words cut by the window. */
  knownWordPrefixes: ReadonlySet<string>;
  /** docStart[p] = index of person p's first document in the corpus; length people + 1. */
  docStart: Int32Array;
  /** Documents in one pass over the corpus. */
  totalDocs: number;
  /** Chance that a document carries a one-off false fact (besides myths), set so the total is false_facts. */
  oneOffFalseRate: number;
}
