import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../runtime/tf';
import { causalAttention } from './attention';
import type { GptModel } from './gpt-model';
import { foldGain, normalize, swiglu } from './ops';
import type { Params } from './params';

export interface ForwardOptions {
  /** Residual dropout rate (training only). */
  dropout?: number;
  /** Seed of the dropout masks. */
  seed?: number;
}

/**
 * Final hidden states of sequences that start at position 0. ids: [B, T] int32 -> [B*T, d]
 * (after the final norm). Differentiable with respect to `params`.
 */
export function hiddenStates(model: GptModel, params: Params, ids: Tensor2D, opts: ForwardOptions = {}): Tensor2D {
  const c = model.config;
  const [batch, time] = ids.shape;
  const tables = model.tablesFor(time);
  const p = (name: string) => params.get(name) as Tensor;
  const drop = (x: Tensor2D, salt: number): Tensor2D =>
    opts.dropout ? (tf.dropout(x, opts.dropout, undefined, (opts.seed ?? 0) * 1009 + salt) as Tensor2D) : x;
  let x = drop(tf.gather(p('embed'), tf.reshape(ids, [-1])) as Tensor2D, 0);
  for (let i = 0; i < c.layers; i++) {
    const h = normalize(x, c.normEps);
    const qkv = tf.matMul(h, foldGain(p(`l${i}.attn_norm`), p(`l${i}.wqkv`))) as Tensor2D;
    const att = causalAttention(qkv, batch, time, c.heads, tables);
    x = tf.add(x, drop(tf.matMul(att, p(`l${i}.wo`) as Tensor2D), 2 * i + 1)) as Tensor2D;
    const h2 = normalize(x, c.normEps);
    const w = p(`l${i}.mlp_norm`);
    const act = swiglu(tf.matMul(h2, foldGain(w, p(`l${i}.wg`))), tf.matMul(h2, foldGain(w, p(`l${i}.wu`))));
    const mlp = tf.matMul(act, p(`l${i}.wd`) as Tensor2D);
    x = tf.add(x, drop(mlp as Tensor2D, 2 * i + 2)) as Tensor2D;
  }
  return tf.mul(normalize(x, c.normEps), p('final_norm')) as Tensor2D;
}

/** Output logits of hidden states. h: [M, d] -> [M, V]. */
export function headLogits(model: GptModel, params: Params, h: Tensor2D): Tensor2D {
  return model.config.tiedHead
    ? tf.matMul(h, params.get('embed') as Tensor2D, false, true)
    : tf.matMul(h, params.get('head') as Tensor2D);
}

/** Full-sequence logits. ids: [B, T] -> [B, T, V]. */
export function forwardLogits(model: GptModel, params: Params, ids: Tensor2D): Tensor {
  const [batch, time] = ids.shape;
  return tf.reshape(headLogits(model, params, hiddenStates(model, params, ids)), [batch, time, model.config.vocab]);
}
