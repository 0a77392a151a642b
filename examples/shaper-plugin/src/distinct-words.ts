import { definePlugin, scheduledOption, valueAt, type RewardShaper } from '@spt/core';
import { z } from 'zod';

export const distinctWordsOptions = z.strictObject({
  weight: scheduledOption.describe('bonus at the cap (a number, or a schedule of the phase step)'),
  cap: z.number().int().min(1).default(24).describe('distinct words at which the bonus stops growing'),
});
export type DistinctWordsOptions = z.output<typeof distinctWordsOptions>;

/** Lower-cased words: letters and digits with inner apostrophes or hyphens. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** The bonus for `distinct` distinct words: `weight` × min(distinct, cap) / cap. Pure. */
export function distinctBonus(distinct: number, weight: number, cap: number): number {
  return (weight * Math.min(distinct, cap)) / cap;
}

/**
 * `informative.distinct_words { weight, cap }`: adds a bonus that grows with the number of distinct
 * words in the continuation, up to `cap`. A continuation that says nothing (or loops one phrase)
 * gets little; one that says many different things gets up to `weight`. It runs after the judges,
 * so it only breaks near-ties in their favour when `weight` is small next to the aspect scores.
 * Scope `candidate`: each bonus depends on its own text and adds to the incoming reward.
 */
export function createDistinctWordsShaper(o: DistinctWordsOptions): RewardShaper {
  return {
    name: 'informative.distinct_words',
    scope: 'candidate',
    shape: (pool, ctx) => {
      const weight = valueAt(o.weight, ctx.step);
      return pool.map((c) => (c.reward === undefined ? undefined : c.reward + distinctBonus(new Set(words(c.text)).size, weight, o.cap)));
    },
  };
}

export const distinctWordsShaper = definePlugin<RewardShaper, DistinctWordsOptions>({
  manifest: {
    name: 'informative.distinct_words',
    kind: 'reward',
    version: '0.1.0',
    description: 'bonus growing with distinct words in the continuation (capped): rewards saying more',
    options: distinctWordsOptions,
  },
  create: (o) => createDistinctWordsShaper(o),
});
