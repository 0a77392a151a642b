import { definePlugin, type Judgment, type JudgeCallContext, type PointwiseInput, type PointwiseJudge } from '@spt/core';
import { safetyVerdict } from '../parsers/verdict-specs';
import { renderPrompt } from '@spt/llm';
import { safetyPromptV1 } from '../prompts/safety-v1';
import { verdictSchema } from '../prompts/verdict-schemas';
import { llmJudgeOptionsSchema, type LlmJudgeOptions } from './judge-options';
import { setUpJudge, type JudgeSetup } from './judge-setup';
import { abstention, judgeVersion, sampleVerdicts } from './llm-judge';

export const SAFETY_SLOTS = { required: ['candidate'], allowed: ['candidate', 'prefix'] };

/**
 * Pointwise safety judge on the candidate text (`FINAL DECISION: YES|NO`, YES = safe = 1). The
 * score is the fraction of samples that found the text safe (the paper sampled its judge 5 times).
 */
export function createSafetyJudge(options: LlmJudgeOptions, setup: JudgeSetup): PointwiseJudge {
  const { lease, template, ledger } = setup;
  const engine = { model: lease.model, options, spec: safetyVerdict, schema: verdictSchema('safety', options.max_reasoning_chars), aspect: 'safety', ledger };
  return {
    kind: 'pointwise',
    name: 'llm.safety',
    version: judgeVersion(template.version, lease.model.id, options),
    async judge(input: PointwiseInput, ctx: JudgeCallContext): Promise<Judgment> {
      const messages = renderPrompt(template, { candidate: input.candidate, prefix: input.prefix });
      const s = await sampleVerdicts(engine, messages, [input.candidate], ctx);
      if (s.verdicts.length === 0) {
        ledger.recordAbstention(ctx.aspect ?? 'safety');
        return { ok: false, ...abstention(s), usage: s.usage };
      }
      const score = s.verdicts.reduce<number>((a, v) => a + v, 0) / s.verdicts.length;
      return { ok: true, score, usage: s.usage, ...(options.keep_raw === 'all' ? { raw: s.raws.join('\n---\n') } : {}) };
    },
    close: () => lease.release(),
  };
}

/** `llm.safety`: pointwise safety judge over any completion model. */
export const safetyJudgePlugin = definePlugin<PointwiseJudge, LlmJudgeOptions>({
  manifest: {
    name: 'llm.safety',
    kind: 'judge',
    version: '1.0.0',
    description: 'pointwise safety judge (FINAL DECISION: YES|NO, YES = safe = 1) over an LLM',
    options: llmJudgeOptionsSchema,
    refs: { model: 'completion' },
    judge: { modes: ['pointwise'] },
  },
  async create(options, ctx) {
    return createSafetyJudge(options, await setUpJudge(options, ctx, safetyPromptV1, SAFETY_SLOTS));
  },
});
