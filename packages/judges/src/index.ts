import { definePluginPackage } from '@spt/core';
import { memoryCachePlugin, sqliteCachePlugin } from './cache/cache-plugins';
import { completionPlugins } from '@spt/llm';
import { factualityJudgePlugin } from './judges/factuality-judge';
import { qualityJudgePlugin } from './judges/quality-judge';
import { safetyJudgePlugin } from './judges/safety-judge';

/**
 * @spt/judges: LLM judges (`llm.quality`, `llm.safety`, `llm.factuality`) and judgment caches
 * (`sqlite`, `memory`). It lists @spt/llm's completion models (`openai`, `llama_cpp`) too, so
 * `use "@spt/judges"` alone is enough.
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

export { qualityJudgePlugin, safetyJudgePlugin, factualityJudgePlugin, sqliteCachePlugin, memoryCachePlugin };
export { createQualityJudge, QUALITY_SLOTS } from './judges/quality-judge';
export { createSafetyJudge, SAFETY_SLOTS } from './judges/safety-judge';
export { createFactualityJudge, FACTUALITY_SLOTS } from './judges/factuality-judge';
export { llmJudgeFields, llmJudgeOptionsSchema, type LlmJudgeOptions } from './judges/judge-options';
export { sampleSeed } from './judges/llm-judge';
export { qualityPromptV1 } from './prompts/quality-v1';
export { safetyPromptV1 } from './prompts/safety-v1';
export { factualityPromptV1 } from './prompts/factuality-v1';
export { verdictSchema } from './prompts/verdict-schemas';
export { parseLastVerdict, type Parsed, type VerdictSpec } from './parsers/verdict';
export { qualityVerdict, safetyVerdict, factualityVerdict } from './parsers/verdict-specs';
export { scrubEchoes } from './parsers/scrub-echoes';
export { findJsonObjects } from './parsers/json-objects';

/** Opens a SQLite judgment cache (better-sqlite3 loads on first use). */
export async function openSqliteJudgmentCache(file: string) {
  const m = await import('./cache/sqlite-cache');
  return m.openSqliteJudgmentCache(file);
}
