import path from 'node:path';
import { SptError, type PluginContext, type PolicyBackend } from '@spt/core';
import { findTfjsCheckpoint } from '../tfjs/open-checkpoint';
import { batchedGreedy } from './batched-generate';
import { fitPrompt } from './fit-prompt';

/** A trained checkpoint answering task prompts in process: greedy, batched, fitted to its context. */
export interface LearnedModel {
  readonly name: string;
  /** The answer text (up to its first newline), or why there is none. */
  answer(prefix: string, build: (prefix: string) => string, maxNewTokens: number): Promise<{ ok: true; text: string } | { ok: false; reason: string }>;
  close(): Promise<void>;
}

export interface LearnedOptions {
  checkpoint: string;
  prefix_max: number;
  answer_tokens: number;
  max_batch: number;
  threads?: number;
}

/**
 * One model per checkpoint folder for the whole run (judges and a rewriter trained into the same
 * checkpoint share it). The folder resolves from the working directory, as `init from` does.
 */
export function learnedModel(ctx: PluginContext, o: LearnedOptions): LearnedModel {
  const dir = path.resolve(o.checkpoint);
  if (!findTfjsCheckpoint(dir)) {
    throw new SptError({
      code: 'config.learned-checkpoint',
      what: `no tfjs.gpt checkpoint at ${dir} for a learned judge or rewriter`,
      expected: 'a checkpoint folder written by a run (e.g. runs/train_judge/checkpoints/end)',
      got: o.checkpoint,
      fix: 'train it first (spt run examples/train-judge.spt) or correct the checkpoint path (relative to the working directory)',
    });
  }
  const shared = ctx.shared(`learned-model:${dir}`, () => {
    const backend: Promise<PolicyBackend> = import('../tfjs/open-checkpoint').then((m) => m.openTfjsCheckpoint(dir, { threads: o.threads }));
    const generate = backend.then((b) => batchedGreedy(b, o.max_batch));
    return { backend, generate, users: 0 };
  });
  shared.users++;
  return {
    name: path.basename(dir),
    async answer(prefix, build, maxNewTokens) {
      const b = await shared.backend;
      // The last prefix_max tokens of the prefix, as the model saw in training; then the prompt and
      // the answer must fit the context (the length rule of the backend contract).
      const tail = b.tokenizer.decode(b.tokenizer.encode(prefix).slice(-o.prefix_max));
      const budget = b.capabilities.maxContext + 1 - maxNewTokens;
      const prompt = fitPrompt(b.tokenizer, budget, tail, build);
      if (!prompt) {
        return { ok: false, reason: `the task prompt does not fit the model's context of ${b.capabilities.maxContext} positions even without the document prefix` };
      }
      try {
        const tokens = await (await shared.generate)(prompt, maxNewTokens);
        return { ok: true, text: b.tokenizer.decode(tokens).split('\n')[0] };
      } catch (error) {
        return { ok: false, reason: `the learned model failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
    async close() {
      if (--shared.users === 0) await (await shared.backend).dispose();
    },
  };
}
