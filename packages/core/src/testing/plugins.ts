import { z } from 'zod';
import { definePlugin, definePluginPackage } from '../spec/plugin';
import type { RunConfig } from '../spec/run-config';
import { sumOfAspects } from '../reward/compile-reward';
import { createBigramBackend } from './bigram-backend';
import { createCleanPairwiseJudge, createCleanPointwiseJudge } from './mock-judges';
import { createMockEvalSuite } from './mock-eval';
import { createCleaningRewriter, createMockDocumentSource } from './mock-world';

const faults = { abstain_rate: z.number().min(0).max(1).default(0), throw_rate: z.number().min(0).max(1).default(0) };

/**
 * Plugins of the testing kit, for runs that need no model and no network: `mock.bigram` (policy),
 * `mock.docs` (data), `mock.clean` (pointwise judge), `mock.prefer_clean` (pairwise judge),
 * `mock.rewriter` (rewriter), `mock.docs.eval` (the data's own eval suite). All are deterministic
 * for a seed.
 */
export const testingPlugins = definePluginPackage({
  name: '@spt/core/testing',
  version: '0.1.0',
  plugins: [
    definePlugin({
      manifest: {
        name: 'mock.bigram',
        kind: 'policy',
        version: '0.1.0',
        description: 'pure-JS byte bigram policy with exact-gradient SGD (tests)',
        options: z.strictObject({
          seed: z.number().int().default(0),
          max_context: z.number().int().positive().default(1024),
          delay_ms: z.number().int().min(0).default(0),
        }),
      },
      create: (o: { seed: number; max_context: number; delay_ms: number }) =>
        createBigramBackend({ seed: o.seed, maxContext: o.max_context, delayMs: o.delay_ms }),
    }),
    definePlugin({
      manifest: {
        name: 'mock.docs',
        kind: 'data',
        version: '0.1.0',
        description: 'generated lowercase documents with injected noise characters (tests)',
        options: z.strictObject({
          seed: z.number().int().default(0),
          count: z.number().int().min(0).default(0),
          words: z.number().int().positive().default(40),
          noise: z.number().min(0).max(1).default(0.3),
        }),
      },
      create: (o: { seed: number; count: number; words: number; noise: number }) => createMockDocumentSource(o),
    }),
    definePlugin({
      manifest: {
        name: 'mock.clean',
        kind: 'judge',
        version: '0.1.0',
        description: 'pointwise: share of lowercase letters and spaces (tests)',
        options: z.strictObject(faults),
        judge: { modes: ['pointwise'] },
      },
      create: (o: { abstain_rate: number; throw_rate: number }) => createCleanPointwiseJudge({ abstainRate: o.abstain_rate, throwRate: o.throw_rate }),
    }),
    definePlugin({
      manifest: {
        name: 'mock.prefer_clean',
        kind: 'judge',
        version: '0.1.0',
        description: 'pairwise: prefers the cleaner continuation (tests)',
        options: z.strictObject({ ...faults, position_bias: z.number().min(0).max(1).default(0) }),
        judge: { modes: ['pairwise'] },
      },
      create: (o: { abstain_rate: number; throw_rate: number; position_bias: number }) =>
        createCleanPairwiseJudge({ abstainRate: o.abstain_rate, throwRate: o.throw_rate, positionBias: o.position_bias }),
    }),
    definePlugin({
      manifest: {
        name: 'mock.rewriter',
        kind: 'rewriter',
        version: '0.1.0',
        description: 'removes noise characters from the suffix (tests)',
        options: z.strictObject({ fail_rate: z.number().min(0).max(1).default(0) }),
      },
      create: (o: { fail_rate: number }) => createCleaningRewriter(o.fail_rate),
    }),
    definePlugin({
      manifest: {
        name: 'mock.docs.eval',
        kind: 'eval',
        version: '0.1.0',
        description: 'held-out clean and noisy mock-world prefixes; clean_rate, clean_rate_noisy, noise_free_rate (tests)',
        options: z.strictObject({
          words: z.number().int().positive().default(40),
          noise: z.number().min(0).max(1).default(0.3),
          prefix_words: z.number().int().positive().default(8),
        }),
      },
      create: (o: { words: number; noise: number; prefix_words: number }) => createMockEvalSuite({ words: o.words, noise: o.noise, prefixWords: o.prefix_words }),
    }),
  ],
});

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/**
 * A small complete RunConfig over the testing plugins (SIP with online DPO on the mock world):
 * 6 steps of batch 4, K = 16, original + rewrite + 3 rollouts, pairwise quality and pointwise
 * cleanliness judges. Override any part; nested objects merge one level deep.
 */
export function mockRunConfig(overrides: DeepPartial<RunConfig> = {}): RunConfig {
  const base: RunConfig = {
    name: 'mock',
    uses: [],
    data: { plugin: 'mock.docs', options: { seed: 1 } },
    policy: { plugin: 'mock.bigram', options: { seed: 1 } },
    window: { k: 16, prefixMin: 8, prefixMax: 48, perDocument: 1 },
    candidates: {
      original: true,
      rewrite: { plugin: 'mock.rewriter', options: {} },
      rollouts: { n: 3, temperature: 1, topP: 1 },
    },
    judges: [
      { aspect: 'quality', judge: { plugin: 'mock.prefer_clean', options: {} }, mode: 'pairwise', samples: 1, reference: false, pairing: 'all', order: 'both' },
      { aspect: 'clean', judge: { plugin: 'mock.clean', options: {} }, mode: 'pointwise', samples: 1, reference: false, pairing: 'all', order: 'both' },
    ],
    reward: sumOfAspects(['quality', 'clean']),
    curriculum: { weights: {}, params: {} },
    train: {
      batch: 4,
      lr: { peak: 2, schedule: 'cosine', warmup: 1, minRatio: 0.1 },
      seed: 7,
      staleness: 0,
    },
    phases: [{ name: 'main', steps: 6, objective: { kind: 'online_dpo', beta: 0.5, reference: { kind: 'frozen' }, nllAlpha: 0, ties: 'skip' } }],
    arms: [],
    judging: { concurrency: 4, maxAbstention: 0.5, cache: 'memory' },
    checkpoint: { every: 2, keep: 0 },
  };
  const merged = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(overrides)) {
    const b = (base as unknown as Record<string, unknown>)[k];
    merged[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? { ...b, ...v } : v;
  }
  return merged as unknown as RunConfig;
}
