/**
 * The `tfjs.gpt` policy backend: a Llama-style decoder on TensorFlow.js' native TensorFlow
 * kernels, implementing PolicyBackend (spt.backend/1). Loaded lazily by the plugin's create.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BACKEND_SPEC_VERSION,
  positionsNeeded,
  type BackendCapabilities,
  type GenerateRequest,
  type GenerateResult,
  type LogprobRequest,
  type PolicyBackend,
  SptError,
  type Tokenizer,
  type UpdateBatch,
  type UpdateOptions,
  type UpdateStats,
} from '@spt/core';
import { byteLevelTokenizerConfig, byteLevelTokenizerJson, type HfTokenizerHandle, resolveTokenizer } from '../tokenizers/index';
import { AdamW } from './adamw';
import { packSequences } from './batching';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { hfLlamaConfig, toHfLlamaTensors } from './export-hf';
import { fromHfLlamaFolder, hfArchitecture, isHfFolder } from './import-hf';
import { decodeBatch } from './generate';
import { type GptConfig, gptConfigFrom } from './model/config';
import { GptModel } from './model/gpt-model';
import { initialWeights } from './model/init';
import { cloneParams, disposeParams, type Params, paramsFromArrays, paramsToArrays } from './model/params';
import type { TfjsGptOptions } from './options';
import { take } from './runtime/raw-ops';
import { tf } from './runtime/tf';
import { decodeSafetensors, encodeSafetensors, type NamedArray } from './safetensors';
import { scoredLogprobs } from './sequence-loss';
import { runUpdate, type TrainState } from './update';

export interface TfjsGptContext {
  seed: number;
  log?(message: string): void;
}

/** The tfjs.gpt backend object (PolicyBackend plus a few things tests and the CLI use). */
export class TfjsGptBackend implements PolicyBackend {
  readonly specVersion = BACKEND_SPEC_VERSION;
  readonly name = 'tfjs.gpt';
  readonly capabilities: BackendCapabilities;
  readonly model: GptModel;
  params: Params;
  reference: Params;
  readonly optimizer: AdamW;
  private readonly pad: number;

  constructor(
    readonly options: TfjsGptOptions,
    readonly config: GptConfig,
    readonly tokenizer: Tokenizer,
    public seed: number,
    weights: Map<string, NamedArray>,
  ) {
    this.model = new GptModel(config);
    this.params = paramsFromArrays(config, weights);
    this.reference = cloneParams(this.params);
    this.optimizer = new AdamW({
      beta1: options.optimizer.beta1,
      beta2: options.optimizer.beta2,
      eps: options.optimizer.eps,
      weightDecay: options.optimizer.weight_decay,
      gradClip: options.grad_clip,
    });
    this.pad = tokenizer.eos ?? 0;
    this.capabilities = {
      updates: ['ntp', 'nll', 'dpo', 'grpo'],
      maxContext: config.context,
      device: (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice ? 'tensorflow-gpu' : 'tensorflow',
      exportFormats: ['hf-safetensors'],
      deterministic: true,
      worldSize: 1,
      dpoAnchor: true,
    };
  }

  /** The prompt with an empty one replaced by [EOS], checked against the context. */
  private framed(prompt: readonly number[], continuation: readonly number[], what: string): number[] {
    this.checkIds(continuation, what);
    return [...this.promptOf(prompt, continuation.length, what), ...continuation];
  }

  /** Token ids must index the embedding; anything else would reach TensorFlow as an opaque status error. */
  private checkIds(tokens: readonly number[], what: string): void {
    const rows = this.config.vocab;
    const bad = tokens.find((t) => !Number.isInteger(t) || t < 0 || t >= rows);
    if (bad !== undefined) {
      throw new SptError({
        code: 'backend.request',
        what: `tfjs.gpt: ${what} holds token id ${bad}, outside the vocabulary`,
        expected: `ids in [0, ${rows})`,
        got: String(bad),
        fix: "encode text with this backend's tokenizer (the recipe's data and policy must share one)",
      });
    }
  }

  /** The prompt, [EOS] for an empty one, checked to leave room for `extra` tokens. */
  private promptOf(prompt: readonly number[], extra: number, what: string): number[] {
    this.checkIds(prompt, what);
    const head = prompt.length > 0 ? [...prompt] : this.tokenizer.eos !== undefined ? [this.tokenizer.eos] : [];
    if (head.length === 0) {
      throw new SptError({ code: 'backend.prompt', what: `tfjs.gpt: ${what} has an empty prompt and the tokenizer has no EOS to start from`, fix: 'give every prompt at least one token' });
    }
    this.checkLength(head.length + extra, what);
    return head;
  }

  /** The contract's length rule (`positionsNeeded`): `n` tokens fit when n - 1 positions do. */
  private checkLength(n: number, what: string): void {
    const positions = positionsNeeded(n);
    if (positions > this.config.context) {
      throw new SptError({
        code: 'backend.context',
        what: `tfjs.gpt: ${what} spans ${n} tokens, which need ${positions} positions, more than the model's context`,
        expected: `at most ${this.config.context} positions (${this.config.context + 1} tokens: the last token is only predicted)`,
        got: String(positions),
        fix: 'lower window.prefix max or k in the recipe, or raise the context option of tfjs.gpt',
      });
    }
  }

  private trainState(): TrainState {
    return {
      model: this.model,
      params: this.params,
      reference: () => this.reference,
      optimizer: this.optimizer,
      microBatch: this.options.micro_batch,
      dropout: this.config.dropout,
      seed: this.seed,
      pad: this.pad,
      framed: (p, c, what) => this.framed(p, c, what),
      checked: (tokens, what) => {
        this.checkIds(tokens, what);
        this.checkLength(tokens.length, what);
        return [...tokens];
      },
    };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (request.seeds.length !== request.prompts.length) {
      throw new SptError({ code: 'backend.request', what: 'tfjs.gpt generate: one seed per prompt is required', expected: `${request.prompts.length} seeds`, got: `${request.seeds.length}`, fix: 'pass seeds[i] for prompts[i]' });
    }
    const prompts = request.prompts.map((p, i) => this.promptOf(p, request.maxNewTokens, `generate prompt ${i}`));
    const tokens = decodeBatch(this.model, this.params, {
      prompts,
      maxNewTokens: request.maxNewTokens,
      temperature: request.temperature,
      topP: request.topP,
      seeds: request.seeds,
      eos: request.stopAtEos ? this.tokenizer.eos : undefined,
      signal: request.signal,
    });
    return { tokens };
  }

  async logprobs(request: LogprobRequest): Promise<number[][]> {
    const seqs = request.prompts.map((p, i) => {
      const tokens = this.framed(p, request.continuations[i] ?? [], `logprobs pair ${i}`);
      return { tokens, start: tokens.length - (request.continuations[i] ?? []).length, weight: 1 };
    });
    const out: number[][] = [];
    for (let i = 0; i < seqs.length; i += this.options.micro_batch) {
      const part = seqs.slice(i, i + this.options.micro_batch);
      const packed = packSequences(part, { multiple: 16, cap: this.config.context, pad: this.pad });
      const weights = request.model === 'reference' ? this.reference : this.params;
      const flat = take(tf.tidy(() => scoredLogprobs(this.model, weights, packed)));
      let at = 0;
      for (const s of part) {
        const n = s.tokens.length - s.start;
        out.push(Array.from(flat.subarray(at, at + n)));
        at += n;
      }
    }
    return out;
  }

  async update(batch: UpdateBatch, options: UpdateOptions): Promise<UpdateStats> {
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('update aborted');
    const state = this.trainState();
    // micro_batch 0 in a RunConfig means the whole batch in one pass.
    if (options.microBatch !== undefined) state.microBatch = options.microBatch > 0 ? options.microBatch : 1_000_000_000;
    const s = this.optimizer.settings;
    s.gradClip = options.gradClip ?? this.options.grad_clip;
    s.weightDecay = options.weightDecay ?? this.options.optimizer.weight_decay;
    const stats = runUpdate(state, batch, options.lr, options.step);
    this.params = state.params;
    return stats;
  }

  async syncReference(): Promise<void> {
    disposeParams(this.reference);
    this.reference = cloneParams(this.params);
  }

  async save(dir: string): Promise<void> {
    const moments = new Map<string, NamedArray>();
    for (const [n, t] of this.optimizer.m) moments.set(`m.${n}`, { shape: [...t.shape], data: t.dataSync() as Float32Array });
    for (const [n, t] of this.optimizer.v) moments.set(`v.${n}`, { shape: [...t.shape], data: t.dataSync() as Float32Array });
    const files: Record<string, Buffer> = {
      'model.safetensors': encodeSafetensors(await paramsToArrays(this.params)),
      'reference.safetensors': encodeSafetensors(await paramsToArrays(this.reference)),
      'optimizer.safetensors': encodeSafetensors(moments),
    };
    const hf = this.tokenizer as Partial<HfTokenizerHandle>;
    if (hf.json) files['tokenizer.json'] = Buffer.from(JSON.stringify(hf.json));
    await writeCheckpoint(dir, files, {
      options: { ...this.options, tokenizer: hf.json ? 'tokenizer.json' : this.options.tokenizer, init: undefined },
      seed: this.seed,
      optimizerSteps: this.optimizer.t,
      tensorflow: tf.version.tfjs,
    });
  }

  async load(dir: string): Promise<void> {
    const ckpt = await readCheckpoint(dir);
    const saved = ckpt.state.options as TfjsGptOptions;
    const mismatch = (['layers', 'd_model', 'heads', 'ffn_dim', 'tied_head'] as const).find((k) => k !== 'ffn_dim' && saved[k] !== this.options[k]);
    if (mismatch) {
      throw new SptError({ code: 'checkpoint.mismatch', what: `checkpoint ${dir} holds a different model (${mismatch})`, expected: String(this.options[mismatch]), got: String(saved[mismatch]), fix: 'load it into a backend created with the same architecture options' });
    }
    const read = async (name: string) => decodeSafetensors(await ckpt.file(name), path.join(dir, name)).tensors;
    const params = paramsFromArrays(this.config, await read('model.safetensors'));
    const reference = paramsFromArrays(this.config, await read('reference.safetensors'));
    const moments = await read('optimizer.safetensors');
    disposeParams(this.params);
    disposeParams(this.reference);
    this.params = params;
    this.reference = reference;
    this.optimizer.dispose();
    for (const [key, arr] of moments) {
      const map = key.startsWith('m.') ? this.optimizer.m : this.optimizer.v;
      map.set(key.slice(2), tf.keep(tf.tensor(arr.data, arr.shape)));
    }
    this.optimizer.t = Number(ckpt.state.optimizerSteps ?? 0);
    this.seed = Number(ckpt.state.seed);
  }

  async export(dir: string, format: string): Promise<void> {
    if (format !== 'hf-safetensors' && format !== 'hf') {
      throw new SptError({ code: 'backend.export_format', what: `tfjs.gpt cannot export format "${format}"`, expected: 'hf-safetensors', got: format, fix: 'use --format hf' });
    }
    await mkdir(dir, { recursive: true });
    const tensors = toHfLlamaTensors(this.config, await paramsToArrays(this.params));
    await writeFile(path.join(dir, 'model.safetensors'), encodeSafetensors(tensors, { format: 'pt' }));
    const eos = this.tokenizer.eos;
    await writeFile(path.join(dir, 'config.json'), `${JSON.stringify(hfLlamaConfig(this.config, eos), null, 2)}\n`);
    await writeFile(path.join(dir, 'generation_config.json'), `${JSON.stringify({ bos_token_id: eos ?? null, eos_token_id: eos ?? null, pad_token_id: eos ?? null }, null, 2)}\n`);
    const hf = this.tokenizer as Partial<HfTokenizerHandle>;
    const tokJson = hf.json ?? byteLevelTokenizerJson();
    const tokConfig = hf.json ? { ...hf.config, model_max_length: this.config.context } : byteLevelTokenizerConfig(this.config.context);
    await writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokJson));
    await writeFile(path.join(dir, 'tokenizer_config.json'), `${JSON.stringify(tokConfig, null, 2)}\n`);
  }

  async dispose(): Promise<void> {
    disposeParams(this.params);
    disposeParams(this.reference);
    this.optimizer.dispose();
    this.model.dispose();
  }
}

/** Creates the backend from validated options; with `init`, weights (and architecture) come from that save. */
export async function createTfjsGptBackend(options: TfjsGptOptions, ctx: TfjsGptContext): Promise<TfjsGptBackend> {
  let opts = options;
  let weights: Map<string, NamedArray> | undefined;
  if (options.init && isHfFolder(options.init)) {
    // A Hugging Face Llama folder (e.g. written by torch.hf or spt export): its architecture wins.
    const arch = hfArchitecture(options.init);
    const differs = Object.entries(arch).filter(([k, v]) => (options as Record<string, unknown>)[k] !== v).map(([k]) => k);
    if (differs.length) ctx.log?.(`tfjs.gpt: init ${options.init}: architecture options come from its config.json (${differs.join(', ')} differ from the recipe)`);
    opts = { ...options, ...arch };
    const tokenizer = resolveTokenizer(opts.tokenizer);
    const config = gptConfigFrom(opts, tokenizer.vocabSize);
    const seed = opts.seed ?? ctx.seed;
    return new TfjsGptBackend(opts, config, tokenizer, seed, await fromHfLlamaFolder(options.init, config));
  }
  if (options.init) {
    const ckpt = await readCheckpoint(options.init);
    const saved = ckpt.state.options as TfjsGptOptions;
    const tokenizer = saved.tokenizer === 'tokenizer.json' ? path.join(options.init, 'tokenizer.json') : saved.tokenizer;
    const arch = { layers: saved.layers, d_model: saved.d_model, heads: saved.heads, context: saved.context, ffn_dim: saved.ffn_dim, vocab: saved.vocab, tied_head: saved.tied_head, rope_theta: saved.rope_theta, norm_eps: saved.norm_eps };
    const differs = Object.entries(arch).filter(([k, v]) => v !== undefined && (options as Record<string, unknown>)[k] !== v).map(([k]) => k);
    if (differs.length) ctx.log?.(`tfjs.gpt: init ${options.init}: architecture options come from the checkpoint (${differs.join(', ')} differ from the recipe)`);
    opts = { ...options, ...arch, tokenizer };
    weights = decodeSafetensors(await ckpt.file('model.safetensors'), path.join(options.init, 'model.safetensors')).tensors;
  }
  const tokenizer = resolveTokenizer(opts.tokenizer);
  const config = gptConfigFrom(opts, tokenizer.vocabSize);
  const seed = opts.seed ?? ctx.seed;
  return new TfjsGptBackend(opts, config, tokenizer, seed, weights ?? initialWeights(config, seed));
}
