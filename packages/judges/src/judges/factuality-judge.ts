import { SptError, definePlugin, type Judgment, type JudgeCallContext, type PointwiseInput, type PointwiseJudge } from '@spt/core';
import { factualityVerdict } from '../parsers/verdict-specs';
import { factualityPromptV1 } from '../prompts/factuality-v1';
import { renderPrompt } from '@spt/llm';
import { verdictSchema } from '../prompts/verdict-schemas';
import { llmJudgeOptionsSchema, type LlmJudgeOptions } from './judge-options';
import { setUpJudge, type JudgeSetup } from './judge-setup';
import { abstention, judgeVersion, sampleVerdicts } from './llm-judge';

export const FACTUALITY_SLOTS = { required: ['candidate', 'reference'], allowed: ['candidate', 'reference', 'prefix'] };

/**
 * Pointwise factuality judge against the original suffix as reference: JSON label
 * No / Possible / Definite Hallucination -> 1 / 0.5 / 0, averaged over samples.
 */
export function createFactualityJudge(options: LlmJudgeOptions, setup: JudgeSetup): PointwiseJudge {
  const { lease, template, ledger } = setup;
  const engine = { model: lease.model, options, spec: factualityVerdict, schema: verdictSchema('factuality', options.max_reasoning_chars), aspect: 'factuality', ledger };
  return {
    kind: 'pointwise',
    name: 'llm.factuality',
    version: judgeVersion(template.version, lease.model.id, options),
    async judge(input: PointwiseInput, ctx: JudgeCallContext): Promise<Judgment> {
      if (input.reference === undefined) {
        throw new SptError({
          code: 'judge.reference-missing',
          what: 'llm.factuality was called without a reference suffix',
          expected: 'the original suffix as reference',
          got: 'no reference',
          fix: 'write the judge line as `judge factuality llm.factuality reference original`',
        });
      }
      const fields = { prefix: input.prefix, reference: input.reference, candidate: input.candidate };
      const s = await sampleVerdicts(engine, renderPrompt(template, fields), [input.candidate, input.reference], ctx);
      if (s.verdicts.length === 0) {
        ledger.recordAbstention(ctx.aspect ?? 'factuality');
        return { ok: false, ...abstention(s), usage: s.usage };
      }
      const score = s.verdicts.reduce<number>((a, v) => a + v, 0) / s.verdicts.length;
      return { ok: true, score, usage: s.usage, ...(options.keep_raw === 'all' ? { raw: s.raws.join('\n---\n') } : {}) };
    },
    close: () => lease.release(),
  };
}

/** `llm.factuality`: pointwise factuality judge with the original suffix as reference. */
export const factualityJudgePlugin = definePlugin<PointwiseJudge, LlmJudgeOptions>({
  manifest: {
    name: 'llm.factuality',
    kind: 'judge',
    version: '1.0.0',
    description: 'pointwise factuality judge against the original suffix (No/Possible/Definite Hallucination -> 1/0.5/0)',
    options: llmJudgeOptionsSchema,
    refs: { model: 'completion' },
    judge: { modes: ['pointwise'] },
  },
  async create(options, ctx) {
    return createFactualityJudge(options, await setUpJudge(options, ctx, factualityPromptV1, FACTUALITY_SLOTS));
  },
});
