import { definePlugin, type CompletionModel } from '@spt/core';
import { runCostLedger } from '../ledger/cost-ledger';
import { openAiOptionsSchema, type OpenAiOptions } from './openai-options';

/**
 * `openai`: any OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp server, transformers
 * serve, hosted APIs). The HTTP client loads only when a model is created.
 */
export const openAiCompletionPlugin = definePlugin<CompletionModel, OpenAiOptions>({
  manifest: {
    name: 'openai',
    kind: 'completion',
    version: '1.0.0',
    description: 'OpenAI-compatible chat/completions server(s): retries, timeouts, circuit breaker, least-loaded routing',
    options: openAiOptionsSchema,
  },
  async create(options, ctx) {
    const { createOpenAiModel } = await import('./openai-model');
    return createOpenAiModel(options, { env: (name) => ctx.env(name), ledger: runCostLedger(ctx) });
  },
});
