/**
 * The torch policy backends (`torch.hf`, `torch.llama`): PolicyBackend (spt.backend/1) over a
 * Python worker that runs Hugging Face transformers models with PyTorch, on one process or many
 * under torchrun. Loaded lazily by the plugins' create.
 */
import path from 'node:path';
import {
  BACKEND_SPEC_VERSION,
  type BackendCapabilities,
  type GenerateRequest,
  type GenerateResult,
  type LogprobRequest,
  type PolicyBackend,
  type Tokenizer,
  type UpdateBatch,
  type UpdateOptions,
  type UpdateStats,
} from '@spt/core';
import { createByteTokenizer, loadHfTokenizer } from '../tokenizers/index';
import type { WorkerHello, WorkerInfo, WorkerInitOptions } from './protocol';
import { TORCH_PROTOCOL_VERSION } from './protocol';
import type { CallTiming, TorchWorkerClient } from './worker-client';

/** Per-call timings kept for benchmarks (worker time vs round trip). */
export interface TorchCallRecord extends CallTiming {
  op: string;
}

export class TorchBackend implements PolicyBackend {
  readonly specVersion = BACKEND_SPEC_VERSION;
  readonly capabilities: BackendCapabilities;
  /** The latest calls' timings (at most 1,000). */
  readonly calls: TorchCallRecord[] = [];
  private disposed = false;

  private constructor(
    readonly name: string,
    private readonly client: TorchWorkerClient,
    readonly info: WorkerInfo,
    readonly tokenizer: Tokenizer,
  ) {
    this.capabilities = {
      updates: info.updates,
      maxContext: info.maxContext,
      device: info.device,
      exportFormats: info.exportFormats,
      deterministic: info.deterministic,
      worldSize: info.worldSize,
      dpoAnchor: info.dpoAnchor === true,
    };
  }

  /** Sends `init` to a started worker and wraps the worker's tokenizer files for TS. */
  static async create(name: string, client: TorchWorkerClient, options: WorkerInitOptions, tokenizerSpec: string | undefined): Promise<TorchBackend> {
    try {
      const { result: info } = await client.call<WorkerInfo>('init', { protocol: TORCH_PROTOCOL_VERSION, options });
      const tokenizer = tokenizerSpec === 'bytes' ? createByteTokenizer() : loadHfTokenizer(path.join(info.tokenizerDir, 'tokenizer.json'));
      return new TorchBackend(name, client, info, tokenizer);
    } catch (err) {
      await client.close().catch(() => undefined);
      throw err;
    }
  }

  get worker(): WorkerHello {
    return this.client.hello;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const { prompts, maxNewTokens, temperature, topP, seeds, stopAtEos } = request;
    return this.call<GenerateResult>('generate', { prompts, maxNewTokens, temperature, topP, seeds, stopAtEos: stopAtEos ?? false }, request.signal);
  }

  async logprobs(request: LogprobRequest): Promise<number[][]> {
    const out = await this.call<{ logprobs: number[][] }>('logprobs', { prompts: request.prompts, continuations: request.continuations, model: request.model ?? 'policy' });
    return out.logprobs;
  }

  async update(batch: UpdateBatch, options: UpdateOptions): Promise<UpdateStats> {
    const overrides = { grad_clip: options.gradClip, weight_decay: options.weightDecay, micro_batch: options.microBatch };
    const stats = await this.call<UpdateStats>('update', { batch, lr: options.lr, step: options.step, ...overrides }, options.signal);
    // JSON has no NaN: the worker sends non-finite numbers as null.
    const num = (v: number | null) => (v === null ? Number.NaN : v);
    const metrics = Object.fromEntries(Object.entries(stats.metrics).map(([k, v]) => [k, num(v as number | null)]));
    return { loss: num(stats.loss), tokens: stats.tokens, gradNorm: num(stats.gradNorm ?? null), metrics };
  }

  async syncReference(): Promise<void> {
    await this.call('sync_reference');
  }

  async save(dir: string): Promise<void> {
    await this.call('save', { dir: path.resolve(dir) });
  }

  async load(dir: string): Promise<void> {
    await this.call('load', { dir: path.resolve(dir) });
  }

  async export(dir: string, format: string): Promise<void> {
    await this.call('export', { dir: path.resolve(dir), format: format === 'hf' ? 'hf-safetensors' : format });
  }

  /** Shuts the worker down (idempotent). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.client.close();
  }

  private async call<T>(op: string, fields: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const { result, timing } = await this.client.call<T>(op, fields, signal);
    this.calls.push({ op, ...timing });
    if (this.calls.length > 1000) this.calls.shift();
    return result;
  }
}
