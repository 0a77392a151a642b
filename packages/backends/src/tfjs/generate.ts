import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { createRng } from '@spt/core';
import { forwardCached, inferenceWeights, type KvCache } from './model/decode';
import { type GptModel, MASKED } from './model/gpt-model';
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
  const weights = inferenceWeights(model, params);
  try {
    ({ logits, cache } = tidyStep(() =>
      forwardCached(model, weights, tf.tensor2d(ids, [batch, width], 'int32'), tf.tensor2d(pos, [batch, width], 'int32'), keys, undefined),
    ));
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
      const prev: KvCache = cache as KvCache;
      const prevLogits: Tensor = logits;
      ({ logits, cache } = tidyStep(() => {
        const stepPos = tf.tensor2d(lens.map((l) => l + step), [batch, 1], 'int32');
        return forwardCached(model, weights, tf.tensor2d(next, [batch, 1], 'int32') as Tensor2D, stepPos as Tensor2D, keys, prev);
      }));
      prevLogits.dispose();
      disposeCache(prev, cache);
    }
  } finally {
    for (const t of weights.owned) t.dispose();
    keys.dispose();
    logits?.dispose();
    if (cache) disposeCache(cache);
  }
  return out;
}

/** Runs one forward in tf.tidy, keeping its logits and cache (tensors reused from before stay as they are). */
function tidyStep(f: () => { logits: Tensor; cache: KvCache }): { logits: Tensor; cache: KvCache } {
  let out: { logits: Tensor; cache: KvCache } | undefined;
  tf.tidy(() => {
    out = f();
    for (const t of cacheTensors(out.cache)) tf.keep(t);
    tf.keep(out.logits);
  });
  return out as { logits: Tensor; cache: KvCache };
}

function cacheTensors(cache: KvCache): Tensor[] {
  return [...cache.k, ...cache.v, ...cache.kt, ...cache.vt].filter((t): t is Tensor => t !== null);
}

/** Disposes the tensors of `cache` that `kept` does not reuse. */
function disposeCache(cache: KvCache, kept?: KvCache): void {
  const live = new Set(kept ? cacheTensors(kept) : []);
  for (const t of cacheTensors(cache)) if (!live.has(t)) t.dispose();
}
