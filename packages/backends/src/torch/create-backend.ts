import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import type { PluginContext } from '@spt/core';
import { launchCommand } from './launch';
import type { TorchHfOptions, TorchLlamaOptions, TorchWorkerOptions } from './options';
import type { WorkerInitOptions } from './protocol';
import { findPython, workerDir } from './python-env';
import { TorchBackend } from './torch-backend';
import { TorchWorkerClient } from './worker-client';

type Ctx = Pick<PluginContext, 'seed' | 'log' | 'config' | 'runDir'>;

/** Worker-side options from the plugin options, with training defaults taken from the recipe. */
export function initOptions(o: TorchWorkerOptions, ctx: Ctx, workDir: string): WorkerInitOptions {
  const train = ctx.config?.train;
  return {
    seed: o.seed ?? ctx.seed,
    precision: o.precision,
    strategy: o.strategy,
    micro_batch: o.micro_batch ?? train?.microBatch ?? 0,
    gen_batch: o.gen_batch,
    gather_for_generation: o.gather_for_generation,
    decode: o.decode,
    grad_clip: o.grad_clip ?? train?.gradClip ?? 1,
    weight_decay: o.weight_decay ?? train?.weightDecay ?? 0,
    betas: [o.beta1, o.beta2],
    eps: o.eps,
    activation_checkpointing: o.activation_checkpointing,
    reference: o.reference,
    work_dir: workDir,
    attn_implementation: o.attn_implementation,
  };
}

/** The fresh-model config the worker understands (spt_torch_worker/model_loader.py). */
export function freshConfig(o: TorchLlamaOptions): Record<string, unknown> {
  return {
    arch: 'llama',
    layers: o.layers,
    d_model: o.d_model,
    heads: o.heads,
    kv_heads: o.kv_heads,
    ffn: o.ffn_dim,
    context: o.context,
    vocab_size: o.vocab,
    rope_theta: o.rope_theta,
    norm_eps: o.norm_eps,
    tie_embeddings: o.tied_head,
  };
}

/** A tokenizer option as the worker wants it: 'bytes' or a folder (a tokenizer.json path -> its folder). */
function tokenizerFolder(spec: string | undefined): string | undefined {
  if (spec === undefined || spec === 'bytes') return spec;
  const abs = path.resolve(spec);
  return abs.endsWith('.json') ? path.dirname(abs) : abs;
}

/** Starts the worker (torchrun when more than one rank) and initialises the model. */
export async function createTorchBackend(name: string, o: TorchHfOptions | TorchLlamaOptions, ctx: Ctx): Promise<TorchBackend> {
  const python = findPython(o.python);
  const dir = workerDir();
  const workDir = mkdtempSync(path.join(ctx.runDir ?? os.tmpdir(), 'torch-worker-'));
  const client = await TorchWorkerClient.start({
    launch: (socketPath) => launchCommand({ python, workerDir: dir, socketPath, options: o }),
    startupTimeoutMs: o.startup_timeout_s * 1000,
    log: (line) => ctx.log(`[torch] ${line}`),
    workerDir: dir,
  });
  const init = initOptions(o, ctx, workDir);
  const tokenizer = tokenizerFolder(o.tokenizer);
  if ('model' in o) Object.assign(init, { model: path.resolve(o.model), tokenizer });
  else Object.assign(init, { fresh: freshConfig(o), tokenizer });
  return TorchBackend.create(name, client, init, o.tokenizer === 'bytes' ? 'bytes' : undefined);
}
