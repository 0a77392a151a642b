/**
 * Inference forward with a key/value cache: a batched prefill of left-padded prompts, then one
 * token per sequence per step. Positions are per row (a prompt's first real token is position
 * 0), so a sequence's logits do not depend on how much padding the batch needed.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { batchMatMul, softmax } from '../runtime/raw-ops';
import { tf } from '../runtime/tf';
import { applyRope3 } from './attention';
import { causalMask, type GptModel } from './gpt-model';
import { swigluInfer } from './ops';
import type { Params } from './params';

/**
 * Per layer keys and values after rope, [B, H, S, hd], in two parts so a step never copies the
 * whole cache: `k`/`v` (prompt + merged chunks) and a short tail of recent tokens (`kt`/`vt`,
 * null when empty) that grows by one token per step and is merged every `chunk` tokens.
 */
export interface KvCache {
  k: Tensor[];
  v: Tensor[];
  kt: Array<Tensor | null>;
  vt: Array<Tensor | null>;
}

/** Tail length at which the tail is merged into the main cache. */
export const KV_CHUNK = 32;

/**
 * Inference copies of the weights with each RMSNorm gain folded into the matrix that follows it
 * (diag(w) W), so a decode step skips one multiply per norm. `owned` are the new tensors to
 * dispose; the others are shared with the parameters.
 */
export interface InferenceWeights {
  w: Map<string, Tensor>;
  owned: Tensor[];
}

export function inferenceWeights(model: GptModel, params: Params): InferenceWeights {
  const c = model.config;
  const p = (name: string) => params.get(name) as Tensor;
  const w = new Map(params);
  const owned: Tensor[] = [];
  const fold = (key: string, norm: string, matrix: Tensor) => {
    const t = tf.keep(tf.tidy(() => tf.mul(tf.reshape(p(norm), [-1, 1]), matrix)));
    owned.push(t);
    w.set(key, t);
  };
  for (let i = 0; i < c.layers; i++) {
    fold(`l${i}.wqkv`, `l${i}.attn_norm`, p(`l${i}.wqkv`));
    fold(`l${i}.wg`, `l${i}.mlp_norm`, p(`l${i}.wg`));
    fold(`l${i}.wu`, `l${i}.mlp_norm`, p(`l${i}.wu`));
  }
  const head = c.tiedHead ? tf.transpose(p('embed')) : p('head');
  fold('head', 'final_norm', head);
  if (c.tiedHead) head.dispose();
  return { w, owned };
}

/** x * rsqrt(mean(x^2) + eps): RMSNorm without its gain (folded into the next matrix). */
function normalize(x: Tensor, eps: number): Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))) as Tensor2D;
}

/**
 * Without `cache`: a prefill of `ids` [B, T] at `positions` [B, T] (causal, plus `keyMask`
 * [B, >= T] additive per key slot for padding). With `cache`: one new token per row (T = 1)
 * attending to the cache (main part masked by `keyMask`) and itself. Returns the last position's
 * logits [B, V] and the extended cache, which may share tensors with `cache`. Call inside tf.tidy.
 */
export function forwardCached(
  model: GptModel,
  weights: InferenceWeights,
  ids: Tensor2D,
  positions: Tensor2D,
  keyMask: Tensor2D,
  cache: KvCache | undefined,
  chunk = KV_CHUNK,
): { logits: Tensor2D; cache: KvCache } {
  const c = model.config;
  const [batch, time] = ids.shape;
  const { heads, headDim: hd, dModel: d } = c;
  const p = (name: string) => weights.w.get(name) as Tensor;
  const flatPos = tf.reshape(positions, [-1]);
  const tables = {
    cos3: tf.reshape(tf.gather(model.cos3, flatPos, 1), [3, batch, 1, time, hd]),
    sin3: tf.reshape(tf.gather(model.sin3, flatPos, 1), [3, batch, 1, time, hd]),
    rot: model.rot,
  };
  let x = tf.gather(p('embed'), tf.reshape(ids, [-1])) as Tensor2D;
  const next: KvCache = { k: [], v: [], kt: [], vt: [] };
  const main = cache ? (cache.k[0].shape[2] as number) : time;
  const mask = cache
    ? tf.reshape(tf.slice(keyMask, [0, 0], [batch, main]), [batch, 1, 1, main])
    : tf.add(causalMask(time), tf.reshape(tf.slice(keyMask, [0, 0], [batch, time]), [batch, 1, 1, time]));
  for (let i = 0; i < c.layers; i++) {
    const qkv = tf.matMul(normalize(x, c.normEps), p(`l${i}.wqkv`) as Tensor2D);
    const t = tf.transpose(tf.reshape(qkv, [batch, time, 3, heads, hd]), [2, 0, 3, 1, 4]);
    const [q, k, v] = tf.unstack(applyRope3(t, tables));
    let o: Tensor;
    if (!cache) {
      o = batchMatMul(softmax(tf.add(batchMatMul(q, k, false, true), mask)), v);
      next.k.push(k);
      next.v.push(v);
      next.kt.push(null);
      next.vt.push(null);
    } else {
      const kt = cache.kt[i] ? tf.concat([cache.kt[i] as Tensor, k], 2) : k;
      const vt = cache.vt[i] ? tf.concat([cache.vt[i] as Tensor, v], 2) : v;
      const tail = kt.shape[2] as number;
      const scoresMain = tf.add(batchMatMul(q, cache.k[i], false, true), mask);
      const probs = softmax(tf.concat([scoresMain, batchMatMul(q, kt, false, true)], -1));
      const [pMain, pTail] = tf.split(probs, [main, tail], -1);
      o = tf.add(batchMatMul(pMain, cache.v[i]), batchMatMul(pTail, vt));
      const merge = tail >= chunk;
      next.k.push(merge ? tf.concat([cache.k[i], kt], 2) : cache.k[i]);
      next.v.push(merge ? tf.concat([cache.v[i], vt], 2) : cache.v[i]);
      next.kt.push(merge ? null : kt);
      next.vt.push(merge ? null : vt);
    }
    const merged = time === 1 ? tf.reshape(o, [batch, d]) : tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [batch * time, d]);
    x = tf.add(x, tf.matMul(merged as Tensor2D, p(`l${i}.wo`) as Tensor2D));
    const h2 = normalize(x, c.normEps);
    const act = swigluInfer(tf.matMul(h2, p(`l${i}.wg`) as Tensor2D), tf.matMul(h2, p(`l${i}.wu`) as Tensor2D));
    x = tf.add(x, tf.matMul(act as Tensor2D, p(`l${i}.wd`) as Tensor2D));
  }
  const last = time === 1 ? x : (tf.reshape(tf.slice(tf.reshape(x, [batch, time, d]), [0, time - 1, 0], [batch, 1, d]), [batch, d]) as Tensor2D);
  return { logits: tf.matMul(normalize(last, c.normEps), p('head') as Tensor2D), cache: next };
}
