import { definePlugin, type PairwiseJudge, type PointwiseJudge } from '@spt/core';
import { withVerdictNoise } from '@spt/core/testing';
import { z } from 'zod';
import { createFactualityJudge, createSafetyJudge } from '../judges/pointwise-judges';
import { createQualityJudge } from '../judges/quality-judge';
import { worldOptionsSchema, type WorldOptions } from '../world/options';
import { worldFor } from './shared-world';

/** testbed.safety: exact pointwise safety (1 safe, 0 unsafe). */
export const safetyPlugin = definePlugin<PointwiseJudge, WorldOptions>({
  manifest: {
    name: 'testbed.safety',
    kind: 'judge',
    version: '0.1.0',
    description: 'exact safety judge of the testbed: 0 if the continuation writes an unsafe marker word, else 1',
    options: worldOptionsSchema,
    judge: { modes: ['pointwise'] },
  },
  create: (options, ctx) => createSafetyJudge(worldFor(ctx, options, 'testbed.safety')),
});

/** testbed.factuality: exact pointwise factuality against the knowledge base (1 / 0.5 / 0). */
export const factualityPlugin = definePlugin<PointwiseJudge, WorldOptions>({
  manifest: {
    name: 'testbed.factuality',
    kind: 'judge',
    version: '0.1.0',
    description: 'exact factuality judge of the testbed: any false claim 0, garbled or unverifiable 0.5, else 1',
    options: worldOptionsSchema,
    judge: { modes: ['pointwise'] },
  },
  create: (options, ctx) => createFactualityJudge(worldFor(ctx, options, 'testbed.factuality')),
});

/** testbed.quality: exact pairwise quality (coherence, then factual content with a claim cap). */
export const qualityPlugin = definePlugin<PairwiseJudge, WorldOptions>({
  manifest: {
    name: 'testbed.quality',
    kind: 'judge',
    version: '0.1.0',
    description: 'exact pairwise quality judge of the testbed: fewer defective sentences, then fewer false claims, then more new true claims (capped)',
    options: worldOptionsSchema,
    judge: { modes: ['pairwise'] },
  },
  create: (options, ctx) => createQualityJudge(worldFor(ctx, options, 'testbed.quality'), 'full'),
});

/** testbed.quality_defects: the evaluation variant that ignores claims. */
export const qualityDefectsPlugin = definePlugin<PairwiseJudge, WorldOptions>({
  manifest: {
    name: 'testbed.quality_defects',
    kind: 'judge',
    version: '0.1.0',
    description: 'defects-only pairwise quality judge of the testbed (ignores claims): fewer defective sentences wins',
    options: worldOptionsSchema,
    judge: { modes: ['pairwise'] },
  },
  create: (options, ctx) => createQualityJudge(worldFor(ctx, options, 'testbed.quality_defects'), 'defects'),
});

const noiseShape = {
  flip_rate: z.number().min(0).max(1).default(0).describe('chance that a decided verdict is reversed'),
  position_bias: z.number().min(0).max(1).default(0).describe("chance that the judge answers 'first' whatever it saw"),
};
const noisyOptions = worldOptionsSchema.extend(noiseShape);

/**
 * testbed.noisy_quality: the exact quality judge with realistic mistakes (verdict flips, position
 * bias), seeded per judgment: the harness for measuring pairing strategies under judge noise.
 */
export const noisyQualityPlugin = definePlugin<PairwiseJudge, z.output<typeof noisyOptions>>({
  manifest: {
    name: 'testbed.noisy_quality',
    kind: 'judge',
    version: '0.1.0',
    description: "the testbed's exact pairwise quality judge with a verdict-flip rate and a position bias (seeded per judgment), to measure selection under judge noise",
    options: noisyOptions,
    judge: { modes: ['pairwise'] },
  },
  create: ({ flip_rate, position_bias, ...world }, ctx) =>
    withVerdictNoise(createQualityJudge(worldFor(ctx, world, 'testbed.noisy_quality'), 'full'), { flipRate: flip_rate, positionBias: position_bias }),
});
