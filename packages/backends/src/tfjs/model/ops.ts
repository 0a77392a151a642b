/**
 * Fused building blocks with hand-written gradients (tf.customGrad): each costs a few TensorFlow
 * kernels forward and backward instead of the dozen tfjs autodiff would record.
 */
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-node';
import { sigmoidGrad, sparseSoftmaxCrossEntropy } from '../runtime/raw-ops';
import { tf } from '../runtime/tf';

type SaveFn = (tensors: Tensor[]) => void;

/** RMSNorm without gradient (inference): x [N, d] * rsqrt(mean(x^2) + eps) * w [d]. */
export function rmsNormInfer(x: Tensor, w: Tensor, eps: number): Tensor {
  const r = tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps));
  return tf.mul(tf.mul(x, r), w);
}

const rmsNormCache = new Map<number, (x: Tensor, w: Tensor) => Tensor>();

/** RMSNorm with gradient. x: [N, d], w: [d] -> [N, d]. */
export function rmsNorm(x: Tensor2D, w: Tensor1D, eps: number): Tensor2D {
  let fn = rmsNormCache.get(eps);
  if (!fn) {
    fn = tf.customGrad((xIn, wIn, save) => {
      const x = xIn as Tensor2D;
      const w = wIn as Tensor1D;
      const r = tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps));
      const xn = tf.mul(x, r);
      (save as SaveFn)([xn, r, w]);
      return {
        value: tf.mul(xn, w),
        gradFunc: (dy, saved) => {
          const [xn, r, w] = saved as Tensor[];
          const dyT = dy as Tensor;
          const dw = tf.sum(tf.mul(dyT, xn), 0);
          const g = tf.mul(dyT, w);
          const proj = tf.mean(tf.mul(g, xn), -1, true);
          const dx = tf.mul(tf.sub(g, tf.mul(xn, proj)), r);
          return [dx, dw];
        },
      };
    }) as (x: Tensor, w: Tensor) => Tensor;
    rmsNormCache.set(eps, fn);
  }
  return fn(x, w) as Tensor2D;
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
