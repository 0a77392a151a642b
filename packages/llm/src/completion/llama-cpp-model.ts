import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SptError, type ChatMessage, type CompletionModel, type CompletionRequest, type CompletionResult } from '@spt/core';
import type { ChatHistoryItem, ChatWrapper, LlamaCompletion, LlamaGrammar, LlamaText } from 'node-llama-cpp';
import type { RunCostLedger } from '../ledger/cost-ledger';
import { costOf } from '../ledger/price';
import { canonicalJson } from '../util/hash';
import { abortedError } from './completion-errors';
import { fileFingerprint } from './file-fingerprint';
import type { LlamaCppOptions } from './llama-cpp-options';
import { toBudget, toPrice } from './shared-options';
import { SlotPool } from './slot-pool';

export interface LlamaCppDeps {
  ledger: RunCostLedger;
  /** The GGUF path, already resolved against the recipe folder. */
  modelPath: string;
}

/** Chat messages as node-llama-cpp history; a final assistant message is continued (prefill). */
function toHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) =>
    m.role === 'assistant' ? { type: 'model', response: [m.content] } : { type: m.role, text: m.content },
  );
  if (messages.at(-1)?.role !== 'assistant') history.push({ type: 'model', response: [] });
  return history;
}

/**
 * A local GGUF model through node-llama-cpp. Chat requests are formatted once with the model's
 * chat template; `json_schema` response formats become a llama.cpp grammar, so the answer always
 * parses as JSON of that schema (unless cut by maxTokens). Requests share `concurrency` sequences
 * of one context, and reuse the evaluated prompt prefix of the previous request on a sequence.
 */
export async function createLlamaCppModel(options: LlamaCppOptions, deps: LlamaCppDeps): Promise<CompletionModel> {
  if (!fs.existsSync(deps.modelPath)) {
    throw new SptError({
      code: 'completion.model-missing',
      what: `llama_cpp model_path ${deps.modelPath} does not exist`,
      expected: 'a GGUF file',
      got: 'no file there',
      fix: 'correct model_path (relative paths start at the recipe folder), or export the model to GGUF first',
    });
  }
  const nlc = await import('node-llama-cpp');
  const threads = options.threads ?? Math.max(1, Math.floor(os.availableParallelism() / 2));
  const llama = await nlc.getLlama({
    gpu: options.gpu === 'none' ? false : options.gpu,
    build: 'never',
    logLevel: nlc.LlamaLogLevel.error,
    maxThreads: threads,
  });
  const model = await llama.loadModel({ modelPath: deps.modelPath });
  const context = await model.createContext({
    contextSize: Math.min(options.context_size, model.trainContextSize),
    sequences: options.concurrency,
    threads,
  });
  const slots = new SlotPool<LlamaCompletion>(
    Array.from({ length: options.concurrency }, () => new nlc.LlamaCompletion({ contextSequence: context.getSequence() })),
  );
  const wrapper: ChatWrapper =
    options.chat_wrapper === 'chatml'
      ? new nlc.ChatMLChatWrapper()
      : options.chat_wrapper === 'general'
        ? new nlc.GeneralChatWrapper()
        : nlc.resolveChatWrapper(model);
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  const grammarFor = (schema: Record<string, unknown>) => {
    const key = canonicalJson(schema);
    let g = grammars.get(key);
    if (!g) grammars.set(key, (g = llama.createGrammarForJsonSchema(schema as never) as Promise<LlamaGrammar>));
    return g;
  };
  const price = toPrice(options.price);
  const id = `llama_cpp:${path.basename(deps.modelPath)}#${fileFingerprint(deps.modelPath)}`;
  deps.ledger.addBudget(toBudget(options.budget));

  async function complete(request: CompletionRequest): Promise<CompletionResult> {
    deps.ledger.checkBudget(id);
    const format = request.responseFormat;
    if (format?.type === 'regex') {
      throw new SptError({
        code: 'completion.unsupported',
        what: 'llama_cpp cannot constrain output to a regex',
        expected: 'a json_schema response format, or none',
        got: 'regex',
        fix: 'ask for a json_schema response format instead',
      });
    }
    const grammar = format?.type === 'json_schema' ? await grammarFor(format.schema) : undefined;
    let input: LlamaText | string;
    const stops: Array<LlamaText | string> = [...(request.stop ?? [])];
    if (request.messages) {
      const state = wrapper.generateContextState({ chatHistory: toHistory(request.messages) });
      input = state.contextText;
      stops.push(...state.stopGenerationTriggers);
    } else {
      input = request.prompt ?? '';
    }
    const promptTokens = typeof input === 'string' ? model.tokenize(input).length : input.tokenize(model.tokenizer).length;
    let completion: LlamaCompletion;
    try {
      completion = await slots.acquire(request.signal);
    } catch (error) {
      throw abortedError(id, error);
    }
    try {
      const res = await completion.generateCompletionWithMeta(input, {
        maxTokens: request.maxTokens,
        temperature: request.temperature ?? 0,
        topP: request.topP,
        seed: request.seed,
        grammar,
        customStopTriggers: stops.length > 0 ? stops : undefined,
        signal: request.signal,
      });
      const usage = { promptTokens, completionTokens: model.tokenize(res.response).length };
      deps.ledger.record(id, usage, costOf(usage, price), request.tags);
      return { text: res.response, usage, model: id, finishReason: res.metadata.stopReason === 'maxTokens' ? 'length' : 'stop' };
    } catch (error) {
      if (request.signal?.aborted) throw abortedError(id, error);
      throw new SptError({
        code: 'completion.unavailable',
        what: `llama_cpp model ${id} failed to generate`,
        got: (error as Error).message,
        fix: 'check context_size against the prompt length, and the GGUF file',
        cause: error,
      });
    } finally {
      slots.release(completion);
    }
  }

  return {
    name: 'llama_cpp',
    id,
    complete,
    async close() {
      await context.dispose();
      await model.dispose();
    },
  };
}
