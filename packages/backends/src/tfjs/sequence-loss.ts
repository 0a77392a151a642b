import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-node';
import type { PackedBatch } from './batching';
import { type ForwardOptions, headLogits, hiddenStates } from './model/forward';
import type { GptModel } from './model/gpt-model';
import { tokenLogprobs } from './model/ops';
import type { Params } from './model/params';
import { tf } from './runtime/tf';

/**
 * Log-probabilities of a packed batch's scored tokens: [M] (one per scored token), computing the
 * output head only on the rows that are scored. Differentiable with respect to `params`.
 */
export function scoredLogprobs(model: GptModel, params: Params, packed: PackedBatch, opts: ForwardOptions = {}): Tensor1D {
  const ids = tf.tensor2d(packed.ids, [packed.batch, packed.time], 'int32');
  const h = hiddenStates(model, params, ids, opts);
  const selected = packed.rows.length === h.shape[0] ? h : (tf.gather(h, tf.tensor1d(packed.rows, 'int32')) as Tensor2D);
  return tokenLogprobs(headLogits(model, params, selected), tf.tensor1d(packed.labels, 'int32'));
}

/** Per-sequence sums of per-token values. values: [M] -> [batch]. */
export function sumBySequence(values: Tensor1D, packed: PackedBatch): Tensor1D {
  return tf.unsortedSegmentSum(values, tf.tensor1d(packed.segments, 'int32'), packed.batch);
}

/** Weighted negative log-likelihood sum: -sum(w * logp). */
export function weightedNll(logp: Tensor1D, packed: PackedBatch): Tensor {
  return tf.neg(tf.sum(tf.mul(logp, tf.tensor1d(packed.weights))));
}
