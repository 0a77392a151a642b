import { definePlugin, type Judgment, type PointwiseJudge, type PointwiseInput } from '@spt/core';
import { z } from 'zod';
import { fingerprint, ngrams, words } from './text';

export const repetitionOptions = z.strictObject({
  n: z.number().int().min(1).max(8).default(3).describe('n-gram size in words'),
  min_words: z.number().int().min(1).default(8).describe('abstain on candidates shorter than this'),
  context_words: z
    .number()
    .int()
    .min(0)
    .max(4096)
    .default(0)
    .describe('last words of the prefix whose n-grams count as already seen (catches copying loops)'),
  threshold: z.number().min(0).max(1).optional().describe('if set, score 1 at or above it, else 0'),
});
export type RepetitionOptions = z.output<typeof repetitionOptions>;

/**
 * Share of the candidate's n-grams that are new: not earlier in the candidate nor in the seen
 * context. 1 = no repeated n-gram; a text looping one phrase tends to 0. Undefined when the
 * candidate has no n-gram.
 */
export function novelNgramShare(candidate: readonly string[], n: number, context: readonly string[] = []): number | undefined {
  const grams = ngrams(candidate, n);
  if (grams.length === 0) return undefined;
  const seen = new Set(ngrams(context, n));
  let novel = 0;
  for (const g of grams) {
    if (!seen.has(g)) novel += 1;
    seen.add(g);
  }
  return novel / grams.length;
}

/** Pointwise judge: scores a continuation by how little it repeats itself (and the prefix tail). */
export function createRepetitionJudge(options: RepetitionOptions): PointwiseJudge {
  const settings = `n=${options.n},min=${options.min_words},ctx=${options.context_words},thr=${options.threshold ?? '-'}`;
  return {
    kind: 'pointwise',
    name: 'lexical.repetition',
    version: `1.0.0+${fingerprint(settings)}`,
    async judge(input: PointwiseInput): Promise<Judgment> {
      const candidate = words(input.candidate);
      if (candidate.length < options.min_words) {
        return { ok: false, reason: `too short to judge: ${candidate.length} words < min_words ${options.min_words}` };
      }
      const context = options.context_words > 0 ? words(input.prefix).slice(-options.context_words) : [];
      const share = novelNgramShare(candidate, options.n, context);
      if (share === undefined) return { ok: false, reason: `fewer than ${options.n} words: no ${options.n}-gram to judge` };
      const score = options.threshold === undefined ? share : share >= options.threshold ? 1 : 0;
      return { ok: true, score, raw: `novel ${options.n}-gram share ${share.toFixed(4)}` };
    },
  };
}

export const repetitionJudge = definePlugin({
  manifest: {
    name: 'lexical.repetition',
    kind: 'judge',
    version: '1.0.0',
    description: 'share of novel word n-grams in a continuation: penalizes degenerate loops (pointwise, no model)',
    options: repetitionOptions,
    judge: { modes: ['pointwise'] },
  },
  create: (options: RepetitionOptions) => createRepetitionJudge(options),
});
