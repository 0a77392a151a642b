/**
 * An independent, plain-autodiff implementation of the model for tests: composite tfjs ops only
 * (no custom gradients, no raw TensorFlow ops), rotate-half written with slices and concat, the
 * causal mask from bandPart, log-softmax + one-hot for token log-probs.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-node';
import { tf } from '../runtime/tf';
import type { GptConfig } from './config';
import type { Params } from './params';
import { ropeTables } from './rope';

function rms(x: Tensor, w: Tensor, eps: number): Tensor {
  return tf.mul(tf.div(x, tf.sqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))), w);
}

function rotateHalf(x: Tensor): Tensor {
  const half = (x.shape.at(-1) as number) / 2;
  const [a, b] = tf.split(x, [half, half], -1);
  return tf.concat([tf.neg(b), a], -1);
}

/** Logits [B, T, V] of ids [B, T] (positions 0..T-1). */
export function referenceLogits(c: GptConfig, params: Params, ids: Tensor2D): Tensor {
  const [B, T] = ids.shape;
  const { heads: H, headDim: hd, dModel: d } = c;
  const p = (n: string) => params.get(n) as Tensor;
  const tables = ropeTables(c.context, hd, c.ropeTheta);
  const cos = tf.tensor2d(tables.cos.subarray(0, T * hd), [T, hd]);
  const sin = tf.tensor2d(tables.sin.subarray(0, T * hd), [T, hd]);
  const allowed = tf.linalg.bandPart(tf.ones([T, T]), -1, 0);
  let x = tf.reshape(tf.gather(p('embed'), tf.reshape(ids, [-1])), [B, T, d]);
  for (let i = 0; i < c.layers; i++) {
    const qkv = tf.matMul(tf.reshape(rms(x, p(`l${i}.attn_norm`), c.normEps), [B * T, d]), p(`l${i}.wqkv`) as Tensor2D);
    const split = (j: number) => tf.transpose(tf.reshape(tf.slice(qkv, [0, j * d], [B * T, d]), [B, T, H, hd]), [0, 2, 1, 3]);
    const rope = (t: Tensor) => tf.add(tf.mul(t, cos), tf.mul(rotateHalf(t), sin));
    const q = rope(split(0));
    const k = rope(split(1));
    const v = split(2);
    const scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(hd));
    const masked = tf.where(tf.cast(allowed, 'bool'), scores, tf.fill(scores.shape, -1e9));
    const o = tf.matMul(tf.softmax(masked), v);
    const merged = tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [B * T, d]);
    x = tf.add(x, tf.reshape(tf.matMul(merged, p(`l${i}.wo`) as Tensor2D), [B, T, d]));
    const h = tf.reshape(rms(x, p(`l${i}.mlp_norm`), c.normEps), [B * T, d]);
    const g = tf.matMul(h, p(`l${i}.wg`) as Tensor2D);
    const u = tf.matMul(h, p(`l${i}.wu`) as Tensor2D);
    const act = tf.mul(tf.mul(g, tf.sigmoid(g)), u);
    x = tf.add(x, tf.reshape(tf.matMul(act, p(`l${i}.wd`) as Tensor2D), [B, T, d]));
  }
  const h = tf.reshape(rms(x, p('final_norm'), c.normEps), [B * T, d]);
  const head = c.tiedHead ? tf.transpose(p('embed')) : p('head');
  return tf.reshape(tf.matMul(h, head as Tensor2D), [B, T, c.vocab]);
}

/** log p(labels) per scored row. logits [B, T, V]. */
export function referenceTokenLogprobs(logits: Tensor, rows: Int32Array, labels: Int32Array): Tensor1D {
  const V = logits.shape.at(-1) as number;
  const flat = tf.logSoftmax(tf.reshape(logits, [-1, V]));
  const picked = tf.gather(flat, tf.tensor1d(rows, 'int32'));
  return tf.sum(tf.mul(picked, tf.oneHot(tf.tensor1d(labels, 'int32'), V)), -1) as Tensor1D;
}
