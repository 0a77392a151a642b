import { definePlugin, isFatalJudgingError, type JudgeCallContext, type PluginContext, type RewriteInput, type RewriteResult, type Rewriter } from '@spt/core';
import {
  leaseModel,
  loadPromptTemplate,
  modelRefSchema,
  renderPrompt,
  resolveRecipePath,
  runCostLedger,
  type ModelLease,
  type PromptTemplate,
} from '@spt/llm';
import { z } from 'zod';
import { REWRITE_SLOTS, rewritePromptV1 } from './rewrite-prompt-v1';
import { lastWords, matchLeadingSpace, stripSeed, unwrap } from './seed-words';

export const llmRewriteOptionsSchema = z.strictObject({
  model: modelRefSchema,
  /** A prompt template file replacing the default (slots: prefix, suffix, seed, k, words). */
  prompt_file: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).default(0),
  top_p: z.number().gt(0).max(1).default(1),
  /** Words of the prefix the rewrite starts with (stripped from the result). */
  seed_words: z.number().int().min(1).max(32).default(5),
  /** Token cap of an answer; default 2K + 32 (room for the seed words and a wordier tokenizer). */
  max_tokens: z.number().int().positive().optional(),
  /**
   * Put the seed words in a final assistant message for the model to continue (llama_cpp does
   * this natively; vLLM needs `extra_body: { continue_final_message: true, add_generation_prompt: false }`).
   */
  prefill: z.boolean().default(false),
});
export type LlmRewriteOptions = z.infer<typeof llmRewriteOptionsSchema>;

/**
 * The paper's LLM rewriter: it sees prefix and suffix, starts from the last words of the
 * prefix (stripped afterwards), copies a good suffix, fixes facts, steers unsafe text to safety.
 * The core trims or pads the result to exactly K tokens of the policy's tokenizer.
 */
export function createLlmRewriter(options: LlmRewriteOptions, lease: ModelLease, template: PromptTemplate, ledger: ReturnType<typeof runCostLedger>): Rewriter {
  const { model } = lease;
  return {
    name: 'llm.rewrite',
    version: `${template.version}|${model.id}|t=${options.temperature}|p=${options.top_p}|w=${options.seed_words}|f=${options.prefill ? 1 : 0}`,
    async rewrite(input: RewriteInput, ctx: JudgeCallContext): Promise<RewriteResult> {
      const seed = lastWords(input.prefix, options.seed_words);
      const inline = { seed, k: String(input.k), words: String(Math.max(1, Math.round(input.k * 0.75))) };
      const messages = renderPrompt(template, { prefix: input.prefix, suffix: input.suffix }, inline);
      if (options.prefill) messages.push({ role: 'assistant', content: seed });
      let text: string;
      let usage;
      try {
        const result = await model.complete({
          messages,
          maxTokens: options.max_tokens ?? 2 * input.k + 32,
          temperature: options.temperature,
          topP: options.top_p,
          seed: ctx.seed & 0x7fffffff,
          signal: ctx.signal,
          tags: { aspect: ctx.aspect ?? 'rewrite', step: ctx.step, sources: ctx.sources ?? ['rewrite'] },
        });
        text = result.text;
        usage = result.usage;
      } catch (error) {
        const e = error as { code?: string; message: string };
        if (isFatalJudgingError(error)) throw error;
        ledger.recordAbstention(ctx.aspect ?? 'rewrite');
        return { ok: false, reason: `model call failed (${e.code ?? 'error'}: ${e.message.split('\n')[0]})` };
      }
      const body = stripSeed(unwrap(text), seed).text;
      if (body.trim() === '') {
        ledger.recordAbstention(ctx.aspect ?? 'rewrite');
        return { ok: false, reason: 'the model returned no continuation after the seed words', raw: text, usage };
      }
      return { ok: true, text: matchLeadingSpace(body, input.suffix), usage };
    },
    close: () => lease.release(),
  };
}

async function create(options: LlmRewriteOptions, ctx: PluginContext): Promise<Rewriter> {
  const template = options.prompt_file ? loadPromptTemplate(resolveRecipePath(options.prompt_file, ctx), REWRITE_SLOTS) : rewritePromptV1;
  const lease = await leaseModel(ctx, options.model);
  return createLlmRewriter(options, lease, template, runCostLedger(ctx));
}

/** `llm.rewrite`: suffix rewriter over any completion model. */
export const llmRewritePlugin = definePlugin<Rewriter, LlmRewriteOptions>({
  manifest: {
    name: 'llm.rewrite',
    kind: 'rewriter',
    version: '1.0.0',
    description: 'LLM suffix rewriter seeded with the last words of the prefix (copies good suffixes, fixes facts, steers to safety)',
    options: llmRewriteOptionsSchema,
    refs: { model: 'completion' },
  },
  create,
});
