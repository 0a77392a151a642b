import { definePluginPackage } from '@spt/core';
import { memoryCachePlugin, sqliteCachePlugin } from './cache/cache-plugins';
import { llamaCppCompletionPlugin } from './completion/llama-cpp-plugin';
import { openAiCompletionPlugin } from './completion/openai-plugin';
import { factualityJudgePlugin } from './judges/factuality-judge';
import { qualityJudgePlugin } from './judges/quality-judge';
import { safetyJudgePlugin } from './judges/safety-judge';

/** Completion models other packages (rewriters) can list too, so one `use` line is enough. */
export const completionPlugins = [openAiCompletionPlugin, llamaCppCompletionPlugin] as const;

/**
 * @spt/judges: LLM judges (`llm.quality`, `llm.safety`, `llm.factuality`), completion models
 * (`openai`, `llama_cpp`) and judgment caches (`sqlite`, `memory`).
 */
const judgesPackage = definePluginPackage({
  name: '@spt/judges',
  version: '0.1.0',
  plugins: [
    ...completionPlugins,
    qualityJudgePlugin,
    safetyJudgePlugin,
    factualityJudgePlugin,
    sqliteCachePlugin,
    memoryCachePlugin,
  ],
});
export default judgesPackage;

export { openAiCompletionPlugin, llamaCppCompletionPlugin, qualityJudgePlugin, safetyJudgePlugin, factualityJudgePlugin, sqliteCachePlugin, memoryCachePlugin };
export { openAiOptionsSchema, type OpenAiOptions } from './completion/openai-options';
export { llamaCppOptionsSchema, type LlamaCppOptions } from './completion/llama-cpp-options';
export { createQualityJudge, QUALITY_SLOTS } from './judges/quality-judge';
export { createSafetyJudge, SAFETY_SLOTS } from './judges/safety-judge';
export { createFactualityJudge, FACTUALITY_SLOTS } from './judges/factuality-judge';
export { llmJudgeFields, llmJudgeOptionsSchema, modelRefSchema, type LlmJudgeOptions, type ModelRefOptions } from './judges/judge-options';
export { leaseModel, type ModelLease } from './judges/shared-model';
export { sampleSeed } from './judges/llm-judge';
export { RunCostLedger, runCostLedger } from './ledger/cost-ledger';
export { costOf, tighter, type Budget, type Price } from './ledger/price';
export { loadPromptTemplate, parseTemplateText, renderPrompt, type PromptTemplate } from './prompts/prompt-template';
export { qualityPromptV1 } from './prompts/quality-v1';
export { safetyPromptV1 } from './prompts/safety-v1';
export { factualityPromptV1 } from './prompts/factuality-v1';
export { verdictSchema } from './prompts/verdict-schemas';
export { parseLastVerdict, type Parsed, type VerdictSpec } from './parsers/verdict';
export { qualityVerdict, safetyVerdict, factualityVerdict } from './parsers/verdict-specs';
export { scrubEchoes } from './parsers/scrub-echoes';
export { findJsonObjects } from './parsers/json-objects';
export { resolveRecipePath } from './util/resolve-path';

/** Opens a SQLite judgment cache (better-sqlite3 loads on first use). */
export async function openSqliteJudgmentCache(file: string) {
  const m = await import('./cache/sqlite-cache');
  return m.openSqliteJudgmentCache(file);
}

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
