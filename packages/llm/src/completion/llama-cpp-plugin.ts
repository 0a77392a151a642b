import { definePlugin, type CompletionModel } from '@spt/core';
import { runCostLedger } from '../ledger/cost-ledger';
import { resolveRecipePath } from '../util/resolve-path';
import { llamaCppOptionsSchema, type LlamaCppOptions } from './llama-cpp-options';

/** `llama_cpp`: a local GGUF model through node-llama-cpp (loaded only when created). */
export const llamaCppCompletionPlugin = definePlugin<CompletionModel, LlamaCppOptions>({
  manifest: {
    name: 'llama_cpp',
    kind: 'completion',
    version: '1.0.0',
    description: 'local GGUF model through node-llama-cpp, JSON-schema grammars for verdicts that always parse',
    options: llamaCppOptionsSchema,
  },
  async create(options, ctx) {
    const { createLlamaCppModel } = await import('./llama-cpp-model');
    return createLlamaCppModel(options, { ledger: runCostLedger(ctx), modelPath: resolveRecipePath(options.model_path, ctx) });
  },
});
