/**
 * Fused building blocks with hand-written gradients (tf.customGrad): each costs a few TensorFlow
 * kernels forward and backward instead of the dozen tfjs autodiff would record.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-node';
import { sigmoidGrad, sparseSoftmaxCrossEntropy } from '../runtime/raw-ops';
import { tf } from '../runtime/tf';

type SaveFn = (tensors: Tensor[]) => void;

const normalizeCache = new Map<number, (x: Tensor) => Tensor>();

/**
 * RMSNorm without its gain, with gradient: x [N, d] * rsqrt(mean(x^2) + eps). The model folds
 * each gain into the matrix that follows (x_n diag(w) W), so the big [N, d] tensors see 2 passes
 * forward and 5 backward.
 */
export function normalize(x: Tensor2D, eps: number): Tensor2D {
  let fn = normalizeCache.get(eps);
  if (!fn) {
    fn = tf.customGrad((xIn, save) => {
      const x = xIn as Tensor;
      const r = tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps));
      const xn = tf.mul(x, r);
      (save as SaveFn)([xn, r]);
      return {
        value: xn,
        gradFunc: (dy, saved) => {
          const [xn, r] = saved as Tensor[];
          const g = dy as Tensor;
          return tf.mul(tf.sub(g, tf.mul(xn, tf.mean(tf.mul(g, xn), -1, true))), r);
        },
      };
    }) as (x: Tensor) => Tensor;
    normalizeCache.set(eps, fn);
  }
  return fn(x) as Tensor2D;
}

/** diag(w) W: a norm gain [d] folded into the matrix [d, n] that follows the norm. */
export function foldGain(w: Tensor, matrix: Tensor): Tensor2D {
  return tf.mul(tf.reshape(w, [-1, 1]), matrix) as Tensor2D;
}

/** SwiGLU without gradient: silu(g) * u, g and u [N, f]. */
export function swigluInfer(g: Tensor, u: Tensor): Tensor {
  return tf.mul(tf.mul(g, tf.sigmoid(g)), u);
}

/** SwiGLU with gradient: silu(g) * u, g and u [N, f] -> [N, f]. */
export const swiglu = tf.customGrad((gIn, uIn, save) => {
  const g = gIn as Tensor;
  const u = uIn as Tensor;
  const s = tf.sigmoid(g);
  const silu = tf.mul(g, s);
  (save as SaveFn)([g, u, s, silu]);
  return {
    value: tf.mul(silu, u),
    gradFunc: (dy, saved) => {
      const [g, u, s, silu] = saved as Tensor[];
      const dyT = dy as Tensor;
      // d silu / dg = s + g s (1 - s)
      const dsilu = tf.add(s, sigmoidGrad(s, g));
      return [tf.mul(tf.mul(dyT, u), dsilu), tf.mul(dyT, silu)];
    },
  };
}) as (g: Tensor, u: Tensor) => Tensor2D;

/**
 * log softmax(logits)[label] per row, one TensorFlow op forward, one multiply backward.
 * logits: [M, V] float32, labels: [M] int32 (no gradient) -> [M].
 */
export const tokenLogprobs = tf.customGrad(((logitsIn: Tensor | SaveFn, labelsIn: Tensor | SaveFn, save: Tensor | SaveFn) => {
  const [loss, backprop] = sparseSoftmaxCrossEntropy(logitsIn as Tensor, labelsIn as Tensor);
  (save as SaveFn)([backprop, labelsIn as Tensor]);
  return {
    value: tf.neg(loss),
    gradFunc: (dy: Tensor, saved: Tensor[]) => {
      const [backprop, labels] = saved;
      return [tf.mul(backprop, tf.neg(tf.expandDims(dy, 1))), tf.zerosLike(labels)];
    },
  };
}) as never) as unknown as (logits: Tensor, labels: Tensor) => Tensor1D;
