import type { EvalPrompt, EvalSuite } from '../spec/eval-suite';
import { checkContinuationCount } from '../eval/check-continuations';
import { deriveSeed } from '../util/rng';
import { cleanliness, createCleanPairwiseJudge } from './mock-judges';
import { mockDocument } from './mock-world';

/** The sets of `mock.docs.eval`: prefixes without noise, and prefixes with the world's noise. */
const SETS = [
  { set: 'clean', noisy: false },
  { set: 'noisy', noisy: true },
] as const;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/**
 * An EvalSuite over the mock world (`mock.docs.eval`, found as the `mock.docs` data plugin's own
 * suite): `count` held-out prefixes of `prefixWords` words per set, drawn from seeds the training
 * documents never use. Metrics: clean_rate (mean share of clean characters in a continuation),
 * clean_rate_noisy (the same on the noisy set), noise_free_rate (continuations without noise).
 */
export function createMockEvalSuite(options: { words?: number; noise?: number; prefixWords?: number } = {}): EvalSuite {
  const noise = options.noise ?? 0.3;
  const words = options.words ?? 40;
  const prefixWords = options.prefixWords ?? 8;
  return {
    name: 'mock.docs.eval',
    prompts({ count, seed }) {
      return SETS.flatMap(({ set, noisy }) =>
        Array.from({ length: count }, (_, i): EvalPrompt => {
          const doc = mockDocument(deriveSeed(seed, 'mock-eval', set), i, { words, noise: noisy ? noise : 0 });
          return { id: `${set}:${i}`, set, prefix: `${doc.text.split(' ').slice(0, prefixWords).join(' ')} ` };
        }),
      );
    },
    async score(prompts, continuations) {
      checkContinuationCount('mock.eval', prompts, continuations);
      const texts = continuations.texts;
      const noisy = texts.filter((_, i) => prompts[i].set === 'noisy');
      return {
        clean_rate: mean(texts.map(cleanliness)),
        clean_rate_noisy: mean(noisy.map(cleanliness)),
        noise_free_rate: mean(texts.map((t) => (/[^a-z ]/.test(t) ? 0 : 1))),
      };
    },
    qualityJudges: () => ({ quality: createCleanPairwiseJudge() }),
  };
}
