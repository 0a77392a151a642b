import { z } from 'zod';
import { SptError } from '@spt/core';

/** World sizes a recipe can start from; explicit options override the preset's numbers. */
export const SIZE_PRESETS = {
  tiny: { people: 12, docs_per_person: 48 },
  small: { people: 32, docs_per_person: 64 },
  medium: { people: 150, docs_per_person: 64 },
  large: { people: 2000, docs_per_person: 40 },
} as const;
export type WorldSize = keyof typeof SIZE_PRESETS;

const rate = z.number().min(0).max(1);

/** Defaults of the world options (the size preset decides people and docs_per_person). */
export const WORLD_DEFAULTS = {
  seed: 1,
  size: 'small' as WorldSize,
  rare: 0.15,
  rare_docs: 2,
  false_facts: 0.3,
  myth_strength: 0.8,
  unsafe: 0.2,
  unsafe_cluster: 0.8,
  low_quality: 0.2,
  sentences_min: 4,
  sentences_max: 7,
};

/**
 * Options that define the world (its people, facts and defect rates), shared by every testbed
 * plugin. All optional without zod defaults, so a judge can tell options it was given from
 * options it was not (defaults are applied by resolveWorldConfig).
 */
export const worldOptionsShape = {
  seed: z.number().int().min(0).optional().describe('world seed (default 1)'),
  size: z.enum(['tiny', 'small', 'medium', 'large']).optional().describe('size preset (default small)'),
  people: z.number().int().min(2).max(200_000).optional().describe('people in the world (default: from size)'),
  docs_per_person: z.number().int().min(1).max(10_000).optional().describe('documents per person (default: from size)'),
  rare: rate.optional().describe('share of rare people (default 0.15)'),
  rare_docs: z.number().int().min(1).optional().describe('documents per rare person (default 2)'),
  false_facts: rate.optional().describe('share of documents with a false fact (default 0.3)'),
  myths: rate.optional().describe('share of people with a persistent myth (default 0.25 at false_facts 0.3, in proportion)'),
  myth_strength: rate.optional().describe("share of a myth person's documents stating the myth (default 0.8)"),
  unsafe: rate.optional().describe('share of documents with an unsafe passage (default 0.2)'),
  unsafe_cluster: rate.optional().describe('chance an unsafe sentence is followed by another (default 0.8)'),
  low_quality: rate.optional().describe('share of low-quality documents (default 0.2)'),
  sentences_min: z.number().int().min(3).max(40).optional().describe('fewest sentences of a biography (default 4)'),
  sentences_max: z.number().int().min(3).max(40).optional().describe('most sentences of a biography (default 7)'),
};
export const worldOptionsSchema = z.strictObject(worldOptionsShape);
export type WorldOptionsInput = z.input<typeof worldOptionsSchema>;
export type WorldOptions = z.output<typeof worldOptionsSchema>;

/** The data plugin adds how the stream walks the corpus. */
export const dataOptionsSchema = z.strictObject({
  ...worldOptionsShape,
  epochs: z.number().int().min(0).default(0).describe('passes over the corpus, each in its own seeded order; 0 = endless'),
  order: z.enum(['shuffled', 'sequential']).default('shuffled'),
  task: z
    .enum(['corpus', 'facts'])
    .default('corpus')
    .describe('corpus: the documents; facts: known-answer prompts that stop right before a fact (meta.answer, meta.split_at) for GRPO with verify.exact'),
});
export type DataOptions = z.output<typeof dataOptionsSchema>;

/** Fully resolved world configuration: a pure function of it builds the world. */
export interface WorldConfig {
  seed: number;
  people: number;
  docsPerPerson: number;
  rare: number;
  rareDocs: number;
  falseFacts: number;
  myths: number;
  mythStrength: number;
  unsafe: number;
  unsafeCluster: number;
  lowQuality: number;
  sentencesMin: number;
  sentencesMax: number;
}

function optionsError(what: string, expected: string, got: string, fix: string): SptError {
  return new SptError({ code: 'testbed.options', what: `testbed option ${what}`, expected, got, fix });
}

/**
 * Resolves options (raw or zod-parsed) to a WorldConfig: applies the size preset, the default
 * share of myth people (0.25 at false_facts 0.3, in proportion otherwise) and cross-field checks.
 */
export function resolveWorldConfig(input: WorldOptionsInput | Record<string, unknown> = {}): WorldConfig {
  const picked = Object.fromEntries(Object.entries(input).filter(([k]) => k in worldOptionsShape));
  const parsed = worldOptionsSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw optionsError(`"${issue.path.join('.')}" is invalid`, issue.message, JSON.stringify(picked), 'correct the option in the recipe');
  }
  const o = { ...WORLD_DEFAULTS, ...stripUndefined(parsed.data) };
  const preset = SIZE_PRESETS[o.size];
  if (o.sentences_min > o.sentences_max) {
    throw optionsError('"sentences_min"', `at most sentences_max (${o.sentences_max})`, String(o.sentences_min), 'lower sentences_min or raise sentences_max');
  }
  return {
    seed: o.seed,
    people: o.people ?? preset.people,
    docsPerPerson: o.docs_per_person ?? preset.docs_per_person,
    rare: o.rare,
    rareDocs: o.rare_docs,
    falseFacts: o.false_facts,
    myths: o.myths ?? Math.min(1, (0.25 * o.false_facts) / 0.3),
    mythStrength: o.myth_strength,
    unsafe: o.unsafe,
    unsafeCluster: o.unsafe_cluster,
    lowQuality: o.low_quality,
    sentencesMin: o.sentences_min,
    sentencesMax: o.sentences_max,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Thrown by the world builder when myths alone would exceed the false-fact rate. */
export function mythRateError(mythDocShare: number, falseFacts: number): SptError {
  return optionsError(
    '"myths"',
    `myth documents (people with a myth x their share of documents x myth_strength) at most false_facts (${falseFacts})`,
    `myths give ${mythDocShare.toFixed(3)} of documents a false fact`,
    'lower myths or myth_strength, or raise false_facts',
  );
}
