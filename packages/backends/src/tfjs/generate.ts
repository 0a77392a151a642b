import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { createRng } from '@spt/core';
import { forwardCached, type KvCache } from './model/decode';
import { causalMask, type GptModel, MASKED } from './model/gpt-model';
import type { Params } from './model/params';
import { tf } from './runtime/tf';
import { sampleToken } from './sampling';

export interface DecodeRequest {
  /** Non-empty prompts (the backend frames empty ones). */
  prompts: number[][];
  maxNewTokens: number;
  temperature: number;
  topP: number;
  seeds: number[];
  /** Stop a sequence at this token (excluded from its result). */
  eos?: number;
  signal?: AbortSignal;
}

/**
 * Samples continuations of all prompts in one batched loop: a prefill of the left-padded prompts,
 * then one cached step per new token. Each sequence draws from its own rng(seed).
 */
export function decodeBatch(model: GptModel, params: Params, req: DecodeRequest): number[][] {
  const batch = req.prompts.length;
  const out: number[][] = req.prompts.map(() => []);
  if (batch === 0 || req.maxNewTokens <= 0) return out;
  const lens = req.prompts.map((p) => p.length);
  const width = Math.max(...lens);
  const total = width + req.maxNewTokens;
  const ids = new Int32Array(batch * width);
  const pos = new Int32Array(batch * width);
  const keyMask = new Float32Array(batch * total);
  req.prompts.forEach((prompt, b) => {
    const padding = width - prompt.length;
    for (let s = 0; s < width; s++) {
      ids[b * width + s] = s < padding ? 0 : prompt[s - padding];
      pos[b * width + s] = Math.max(0, s - padding);
    }
    for (let s = 0; s < padding; s++) keyMask[b * total + s] = MASKED;
  });
  const rngs = req.seeds.map((seed) => createRng(seed));
  const done = new Array<boolean>(batch).fill(false);
  const keys = tf.keep(tf.tensor2d(keyMask, [batch, total]));
  let cache: KvCache | undefined;
  let logits: Tensor | undefined;
  try {
    ({ logits, cache } = keep(tf.tidy(() => {
      const mask = tf.add(causalMask(width), tf.reshape(tf.slice(keys, [0, 0], [batch, width]), [batch, 1, 1, width]));
      const r = forwardCached(model, params, tf.tensor2d(ids, [batch, width], 'int32'), tf.tensor2d(pos, [batch, width], 'int32'), mask, undefined);
      return [r.logits, ...r.cache.k, ...r.cache.v];
    }), model.config.layers));
    for (let step = 0; step < req.maxNewTokens; step++) {
      if (req.signal?.aborted) throw req.signal.reason ?? new Error('generation aborted');
      const rows = logits.dataSync();
      const vocab = logits.shape[1] as number;
      const next = new Int32Array(batch);
      for (let b = 0; b < batch; b++) {
        const token = sampleToken(rows.subarray(b * vocab, (b + 1) * vocab), req.temperature, req.topP, rngs[b]);
        next[b] = token;
        if (done[b]) continue;
        if (req.eos !== undefined && token === req.eos) done[b] = true;
        else out[b].push(token);
      }
      if (step === req.maxNewTokens - 1 || done.every(Boolean)) break;
      const seen = width + step + 1;
      const prev: KvCache = cache as KvCache;
      const prevLogits: Tensor = logits;
      ({ logits, cache } = keep(tf.tidy(() => {
        const mask = tf.reshape(tf.slice(keys, [0, 0], [batch, seen]), [batch, 1, 1, seen]);
        const stepPos = tf.tensor2d(lens.map((l) => l + step), [batch, 1], 'int32');
        const r = forwardCached(model, params, tf.tensor2d(next, [batch, 1], 'int32') as Tensor2D, stepPos as Tensor2D, mask, prev);
        return [r.logits, ...r.cache.k, ...r.cache.v];
      }), model.config.layers));
      prevLogits.dispose();
      disposeCache(prev);
    }
  } finally {
    keys.dispose();
    logits?.dispose();
    if (cache) disposeCache(cache);
  }
  return out;
}

function keep(ts: Tensor[], layers: number): { logits: Tensor; cache: KvCache } {
  return { logits: ts[0], cache: { k: ts.slice(1, 1 + layers), v: ts.slice(1 + layers) } };
}

function disposeCache(cache: KvCache): void {
  for (const t of [...cache.k, ...cache.v]) t.dispose();
}
