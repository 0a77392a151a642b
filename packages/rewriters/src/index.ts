import { definePluginPackage } from '@spt/core';
import { completionPlugins } from '@spt/llm';
import { copyRewritePlugin } from './copy-rewriter';
import { llmRewritePlugin } from './llm-rewriter';

/**
 * @spt/rewriters: `llm.rewrite` and `copy`. It lists the completion models of @spt/llm too
 * (`openai`, `llama_cpp`), so `use "@spt/rewriters"` alone is enough for an LLM rewriter.
 */
const rewritersPackage = definePluginPackage({
  name: '@spt/rewriters',
  version: '0.1.0',
  plugins: [llmRewritePlugin, copyRewritePlugin, ...completionPlugins],
});
export default rewritersPackage;

export { llmRewritePlugin, copyRewritePlugin };
export { createLlmRewriter, llmRewriteOptionsSchema, type LlmRewriteOptions } from './llm-rewriter';
export { createCopyRewriter } from './copy-rewriter';
export { rewritePromptV1, REWRITE_SLOTS } from './rewrite-prompt-v1';
export { lastWords, matchLeadingSpace, stripSeed, unwrap } from './seed-words';
