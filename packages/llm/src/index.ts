import { definePluginPackage } from '@spt/core';
import { llamaCppCompletionPlugin } from './completion/llama-cpp-plugin';
import { openAiCompletionPlugin } from './completion/openai-plugin';

/** The completion models, which the judge and rewriter packages list too, so one `use` line is enough. */
export const completionPlugins = [openAiCompletionPlugin, llamaCppCompletionPlugin] as const;

/**
 * @spt/llm: what LLM judges and LLM rewriters share. Completion models (`openai` for any
 * OpenAI-compatible server or fleet, `llama_cpp` in process), HTTP routing with retries and circuit
 * breakers, the cost ledger and budgets, prompt templates, and the model lease that lets plugins on
 * one server share its connections.
 */
const llmPackage = definePluginPackage({
  name: '@spt/llm',
  version: '0.1.0',
  plugins: [...completionPlugins],
});
export default llmPackage;

export { openAiCompletionPlugin, llamaCppCompletionPlugin };
export { openAiOptionsSchema, type OpenAiOptions } from './completion/openai-options';
export { llamaCppOptionsSchema, type LlamaCppOptions } from './completion/llama-cpp-options';
export { modelRefSchema, type ModelRefOptions } from './model-ref';
export { leaseModel, type ModelLease } from './shared-model';
export { RunCostLedger, runCostLedger } from './ledger/cost-ledger';
export { costOf, tighter, type Budget, type Price } from './ledger/price';
export { loadPromptTemplate, parseTemplateText, renderPrompt, type PromptTemplate } from './prompts/prompt-template';
export { resolveRecipePath } from './util/resolve-path';
export { canonicalJson } from './util/hash';

/** Creates an `openai` completion model outside a run (undici loads on first use). */
export async function createOpenAiModel(
  options: import('zod').input<typeof import('./completion/openai-options').openAiOptionsSchema>,
  deps: import('./completion/openai-model').OpenAiDeps,
) {
  const [{ createOpenAiModel: create }, { openAiOptionsSchema: schema }] = await Promise.all([
    import('./completion/openai-model'),
    import('./completion/openai-options'),
  ]);
  return create(schema.parse(options), deps);
}
