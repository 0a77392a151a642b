/**
 * Inference forward with a key/value cache: a batched prefill of left-padded prompts, then one
 * token per sequence per step. Positions are per row (a prompt's first real token is position
 * 0), so a sequence's logits do not depend on how much padding the batch needed.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { batchMatMul, softmax } from '../runtime/raw-ops';
import { tf } from '../runtime/tf';
import { applyRope3 } from './attention';
import { headLogits } from './forward';
import type { GptModel } from './gpt-model';
import { rmsNormInfer, swigluInfer } from './ops';
import type { Params } from './params';

/** Per layer keys and values after rope: [B, H, S, hd]. */
export interface KvCache {
  k: Tensor[];
  v: Tensor[];
}

/**
 * Runs `ids` [B, T] at `positions` [B, T] through the model, attending to `cache` (if any) plus
 * themselves under `mask` [B, 1, T, S + T] (additive). Returns the last position's logits [B, V]
 * and the extended cache. Call inside tf.tidy and keep what you keep.
 */
export function forwardCached(
  model: GptModel,
  params: Params,
  ids: Tensor2D,
  positions: Tensor2D,
  mask: Tensor,
  cache: KvCache | undefined,
): { logits: Tensor2D; cache: KvCache } {
  const c = model.config;
  const [batch, time] = ids.shape;
  const { heads, headDim: hd, dModel: d } = c;
  const p = (name: string) => params.get(name) as Tensor;
  const flatPos = tf.reshape(positions, [-1]);
  const tables = {
    ...model.stack3(tf.gather(model.cos, flatPos), tf.gather(model.sin, flatPos), [3, batch, 1, time, hd]),
    rot: model.rot,
  };
  let x = tf.gather(p('embed'), tf.reshape(ids, [-1])) as Tensor2D;
  const next: KvCache = { k: [], v: [] };
  for (let i = 0; i < c.layers; i++) {
    const qkv = tf.matMul(rmsNormInfer(x, p(`l${i}.attn_norm`), c.normEps) as Tensor2D, p(`l${i}.wqkv`) as Tensor2D);
    const t = tf.transpose(tf.reshape(qkv, [batch, time, 3, heads, hd]), [2, 0, 3, 1, 4]);
    const [q, k, v] = tf.unstack(applyRope3(t, tables));
    const keys = cache ? tf.concat([cache.k[i], k], 2) : k;
    const values = cache ? tf.concat([cache.v[i], v], 2) : v;
    next.k.push(keys);
    next.v.push(values);
    const o = batchMatMul(softmax(tf.add(batchMatMul(q, keys, false, true), mask)), values);
    const merged = time === 1 ? tf.reshape(o, [batch, d]) : tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [batch * time, d]);
    x = tf.add(x, tf.matMul(merged as Tensor2D, p(`l${i}.wo`) as Tensor2D));
    const gu = tf.matMul(rmsNormInfer(x, p(`l${i}.mlp_norm`), c.normEps) as Tensor2D, p(`l${i}.wgu`) as Tensor2D);
    x = tf.add(x, tf.matMul(swigluInfer(gu) as Tensor2D, p(`l${i}.wd`) as Tensor2D));
  }
  const last = time === 1 ? x : (tf.reshape(tf.slice(tf.reshape(x, [batch, time, d]), [0, time - 1, 0], [batch, 1, d]), [batch, d]) as Tensor2D);
  const h = rmsNormInfer(last, p('final_norm'), c.normEps) as Tensor2D;
  return { logits: headLogits(model, params, h), cache: next };
}
