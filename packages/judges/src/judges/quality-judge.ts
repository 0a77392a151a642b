import { definePlugin, type JudgeCallContext, type PairwiseInput, type PairwiseJudge, type PairwiseJudgment } from '@spt/core';
import { qualityVerdict } from '../parsers/verdict-specs';
import { renderPrompt } from '@spt/llm';
import { qualityPromptV1 } from '../prompts/quality-v1';
import { verdictSchema } from '../prompts/verdict-schemas';
import { llmJudgeOptionsSchema, type LlmJudgeOptions } from './judge-options';
import { setUpJudge, type JudgeSetup } from './judge-setup';
import { abstention, judgeVersion, sampleVerdicts } from './llm-judge';

export const QUALITY_SLOTS = { required: ['prefix', 'option_1', 'option_2'], allowed: ['prefix', 'option_1', 'option_2', 'reference'] };

/**
 * Pairwise quality judge: the model sees the prefix and both continuations and names the better
 * one (`Conclusion: Option 1|2`). With several samples the majority wins; a split vote is a tie.
 */
export function createQualityJudge(options: LlmJudgeOptions, setup: JudgeSetup): PairwiseJudge {
  const { lease, template, ledger } = setup;
  const engine = {
    model: lease.model,
    options,
    spec: qualityVerdict,
    schema: verdictSchema('quality', options.max_reasoning_chars),
    aspect: 'quality',
    ledger,
  };
  return {
    kind: 'pairwise',
    name: 'llm.quality',
    version: judgeVersion(template.version, lease.model.id, options),
    async compare(input: PairwiseInput, ctx: JudgeCallContext): Promise<PairwiseJudgment> {
      const fields = { prefix: input.prefix, option_1: input.first, option_2: input.second, reference: input.reference ?? '' };
      const messages = renderPrompt(template, fields);
      const s = await sampleVerdicts(engine, messages, [input.first, input.second, input.reference ?? ''], ctx);
      if (s.verdicts.length === 0) {
        ledger.recordAbstention(ctx.aspect ?? 'quality');
        return { ok: false, ...abstention(s), usage: s.usage };
      }
      const ones = s.verdicts.filter((v) => v === 1).length;
      const twos = s.verdicts.length - ones;
      const winner = ones > twos ? 'first' : twos > ones ? 'second' : 'tie';
      return { ok: true, winner, usage: s.usage, ...(options.keep_raw === 'all' ? { raw: s.raws.join('\n---\n') } : {}) };
    },
    close: () => lease.release(),
  };
}

/** `llm.quality`: pairwise quality judge over any completion model. */
export const qualityJudgePlugin = definePlugin<PairwiseJudge, LlmJudgeOptions>({
  manifest: {
    name: 'llm.quality',
    kind: 'judge',
    version: '1.0.0',
    description: 'pairwise quality judge (Conclusion: Option 1|2) over an LLM',
    options: llmJudgeOptionsSchema,
    refs: { model: 'completion' },
    judge: { modes: ['pairwise'] },
  },
  async create(options, ctx) {
    return createQualityJudge(options, await setUpJudge(options, ctx, qualityPromptV1, QUALITY_SLOTS));
  },
});
