import { z } from 'zod';
import { definePlugin, pairPrompt, pointPrompt, rewritePrompt, type PairwiseJudge, type PluginDefinition, type PointwiseJudge, type Rewriter } from '@spt/core';
import { learnedModel, type LearnedOptions } from './learned-model';

const options = z.strictObject({
  checkpoint: z.string().min(1).describe('a tfjs.gpt checkpoint trained on spt task prompts (e.g. runs/train_judge/checkpoints/end); relative to the working directory'),
  prefix_max: z.number().int().min(1).default(48).describe("tokens of the document prefix shown (its end): the tasks' prefix_max the model was trained with"),
  answer_tokens: z.number().int().min(1).default(4).describe("judges: tokens generated for a verdict, the window k the judge was trained with (train-judge.spt: 4)"),
  max_batch: z.number().int().min(1).default(64).describe('prompts per batched greedy generation'),
  threads: z.number().int().min(1).optional().describe('TensorFlow threads, when this is the first TensorFlow model of the process'),
});
/**
 * The first word of an answer, if it is one of `words` (a letter or yes/no): the rule verify.exact
 * trained it with (the word, then a non-letter or the end of the answer_tokens generated).
 */
const word = (text: string, words: readonly string[]) => {
  const w = /^\s*([A-Za-z]+)/.exec(text)?.[1];
  return w && words.includes(w) ? w : undefined;
};

/** `learned.quality`: a pairwise judge trained with `data tasks.judge { aspect: quality }`. */
export const learnedQualityPlugin = definePlugin<PairwiseJudge, LearnedOptions>({
  manifest: {
    name: 'learned.quality',
    kind: 'judge',
    version: '0.1.0',
    description: 'pairwise quality judge from a checkpoint spt trained on tasks.judge (quality): asks which ending is the original, in process; an answer other than A or B abstains',
    judge: { modes: ['pairwise'] },
    options,
  },
  create(o, ctx) {
    const model = learnedModel(ctx, o);
    return {
      kind: 'pairwise',
      name: 'learned.quality',
      version: `learned-1:${model.name}`,
      async compare(input) {
        const r = await model.answer(input.prefix, (p) => pairPrompt(p, input.first, input.second), o.answer_tokens);
        if (!r.ok) return r;
        const w = word(r.text, ['A', 'B']);
        return w ? { ok: true, winner: w === 'A' ? 'first' : 'second', raw: r.text } : { ok: false, reason: 'the answer is neither A nor B', raw: r.text };
      },
      close: () => model.close(),
    };
  },
});

function pointwisePlugin(aspect: 'safety' | 'factuality'): PluginDefinition<PointwiseJudge, LearnedOptions> {
  return definePlugin<PointwiseJudge, LearnedOptions>({
    manifest: {
      name: `learned.${aspect}`,
      kind: 'judge',
      version: '0.1.0',
      description: `pointwise ${aspect} judge from a checkpoint spt trained on tasks.judge (${aspect}): yes = 1, no = 0, in process; any other answer abstains`,
      judge: { modes: ['pointwise'] },
      options,
    },
    create(o, ctx) {
      const model = learnedModel(ctx, o);
      return {
        kind: 'pointwise',
        name: `learned.${aspect}`,
        version: `learned-1:${model.name}`,
        async judge(input) {
          // With `reference: original` on the judge line the document's ending is shown as the tasks showed it (tasks.judge { reference: true }).
          const r = await model.answer(input.prefix, (p) => pointPrompt(aspect, p, input.candidate, input.reference), o.answer_tokens);
          if (!r.ok) return r;
          const w = word(r.text, ['yes', 'no']);
          return w ? { ok: true, score: w === 'yes' ? 1 : 0, raw: r.text } : { ok: false, reason: 'the answer is neither yes nor no', raw: r.text };
        },
        close: () => model.close(),
      };
    },
  });
}

export const learnedSafetyPlugin = pointwisePlugin('safety');
export const learnedFactualityPlugin = pointwisePlugin('factuality');

/** `learned.rewriter`: a rewriter trained with `data tasks.rewrite` (copy and fix tasks). */
export const learnedRewriterPlugin = definePlugin<Rewriter, LearnedOptions>({
  manifest: {
    name: 'learned.rewriter',
    kind: 'rewriter',
    version: '0.1.0',
    description: 'rewriter from a checkpoint spt trained on tasks.rewrite: the ending copied or repaired, in process; an empty answer is a failure',
    options,
  },
  create(o, ctx) {
    const model = learnedModel(ctx, o);
    return {
      name: 'learned.rewriter',
      version: `learned-1:${model.name}`,
      async rewrite(input) {
        // The answer follows a space; K tokens and the newline that ends it.
        const r = await model.answer(input.prefix, (p) => rewritePrompt(p, input.suffix), input.k + 2);
        if (!r.ok) return r;
        const text = r.text.replace(/^ /, '');
        return text.trim() ? { ok: true, text } : { ok: false, reason: 'the rewriter returned nothing', raw: r.text };
      },
      close: () => model.close(),
    };
  },
});

const continueOptions = z.strictObject({
  checkpoint: options.shape.checkpoint.describe('a tfjs.gpt checkpoint whose own text is wanted, e.g. the start model (runs/start_model/checkpoints/end); relative to the working directory'),
  temperature: z.number().min(0).default(1).describe('sampling temperature (0: greedy); 1.0 is what SIP rollouts use'),
  top_p: z.number().gt(0).max(1).default(1).describe('nucleus sampling share'),
  max_batch: options.shape.max_batch,
  threads: options.shape.threads,
});
type ContinueOptions = z.output<typeof continueOptions>;

/**
 * `learned.continue`: the checkpoint's own continuation of the prefix (K tokens, sampled with the
 * call's seed), as a corrupter for `data tasks.judge`: judge tasks whose negative ending is the
 * model's own text, the distribution SIP's rollouts come from (self-generated negatives). Not a
 * rewriter for SIP pools: it never reads the suffix.
 */
export const learnedContinuePlugin = definePlugin<Rewriter, ContinueOptions>({
  manifest: {
    name: 'learned.continue',
    kind: 'rewriter',
    version: '0.1.0',
    description: "a checkpoint's own sampled continuation of the prefix (K tokens), in process: the negative ending of judge tasks built from the policy's own text",
    options: continueOptions,
  },
  create(o, ctx) {
    const model = learnedModel(ctx, o);
    return {
      name: 'learned.continue',
      version: `learned-1:${model.name}/t${o.temperature}/p${o.top_p}`,
      async rewrite(input, call) {
        const r = await model.continueText(input.prefix, input.k, { temperature: o.temperature, topP: o.top_p, seed: call?.seed ?? 0 });
        if (!r.ok) return r;
        return r.text.trim() ? { ok: true, text: r.text } : { ok: false, reason: 'the model continued with nothing but spaces', raw: r.text };
      },
      close: () => model.close(),
    };
  },
});

export const learnedPlugins: PluginDefinition[] = [learnedQualityPlugin, learnedSafetyPlugin, learnedFactualityPlugin, learnedRewriterPlugin, learnedContinuePlugin] as PluginDefinition[];
