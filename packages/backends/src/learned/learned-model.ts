import path from 'node:path';
import { SptError, type PluginContext, type PolicyBackend } from '@spt/core';
import { findTfjsCheckpoint } from '../tfjs/open-checkpoint';
import { batchedGenerate, type GenerateSettings } from './batched-generate';
import { fitPrompt } from './fit-prompt';

type Generated = { ok: true; text: string } | { ok: false; reason: string };

/** A trained checkpoint answering task prompts in process: greedy, batched, fitted to its context. */
export interface LearnedModel {
  readonly name: string;
  /** The answer text (up to its first newline), or why there is none. */
  answer(prefix: string, build: (prefix: string) => string, maxNewTokens: number): Promise<Generated>;
  /** `k` tokens sampled after the document prefix itself (no task prompt), seeded: the model's own continuation. */
  continueText(prefix: string, k: number, sampling: { temperature: number; topP: number; seed: number }): Promise<Generated>;
  close(): Promise<void>;
}

/** How a checkpoint is opened and batched (every learned.* plugin's options have these). */
export interface CheckpointOptions {
  checkpoint: string;
  max_batch: number;
  threads?: number;
}

export interface LearnedOptions extends CheckpointOptions {
  prefix_max: number;
  answer_tokens: number;
}

/**
 * One model per checkpoint folder for the whole run (judges and a rewriter trained into the same
 * checkpoint share it). The folder resolves from the working directory, as `init from` does.
 */
export function learnedModel(ctx: PluginContext, o: CheckpointOptions & { prefix_max?: number }): LearnedModel {
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
    const generate = backend.then((b) => batchedGenerate(b, o.max_batch));
    return { backend, generate, users: 0 };
  });
  shared.users++;
  const run = async (prompt: number[], settings: GenerateSettings, shape: (text: string) => string): Promise<Generated> => {
    try {
      const b = await shared.backend;
      return { ok: true, text: shape(b.tokenizer.decode(await (await shared.generate)(prompt, settings))) };
    } catch (error) {
      return { ok: false, reason: `the learned model failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  return {
    name: path.basename(dir),
    async answer(prefix, build, maxNewTokens) {
      const b = await shared.backend;
      // The last prefix_max tokens of the prefix, as the model saw in training; then the prompt and
      // the answer must fit the context (the length rule of the backend contract).
      const tokens = b.tokenizer.encode(prefix);
      const tail = b.tokenizer.decode(o.prefix_max === undefined ? tokens : tokens.slice(-o.prefix_max));
      const budget = b.capabilities.maxContext + 1 - maxNewTokens;
      const prompt = fitPrompt(b.tokenizer, budget, tail, build);
      if (!prompt) {
        return { ok: false, reason: `the task prompt does not fit the model's context of ${b.capabilities.maxContext} positions even without the document prefix` };
      }
      return run(prompt, { maxNewTokens, temperature: 0, topP: 1, seed: 0, stopAtEos: true }, (text) => text.split('\n')[0]);
    },
    async continueText(prefix, k, { temperature, topP, seed }) {
      const b = await shared.backend;
      // The prefix's last tokens that leave room for k new ones (the length rule of the backend contract).
      const room = b.capabilities.maxContext + 1 - k;
      if (room < 1) return { ok: false, reason: `k = ${k} tokens do not fit the model's context of ${b.capabilities.maxContext} positions` };
      const prompt = b.tokenizer.encode(prefix).slice(-room);
      return run(prompt, { maxNewTokens: k, temperature, topP, seed, stopAtEos: false }, (text) => text);
    },
    async close() {
      if (--shared.users === 0) await (await shared.backend).dispose();
    },
  };
}
