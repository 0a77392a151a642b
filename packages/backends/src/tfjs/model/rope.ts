import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../runtime/tf';

/**
 * Rotary position tables in the rotate-half convention of Hugging Face Llama:
 * rope(x) = x * cos + rotateHalf(x) * sin with rotateHalf([x1, x2]) = [-x2, x1],
 * cos/sin[p, j] = cos/sin(p * theta^(-2 (j mod hd/2) / hd)). Computed in float64 then rounded.
 */
export function ropeTables(context: number, headDim: number, theta: number): { cos: Float32Array; sin: Float32Array } {
  const half = headDim / 2;
  const cos = new Float32Array(context * headDim);
  const sin = new Float32Array(context * headDim);
  for (let p = 0; p < context; p++) {
    for (let j = 0; j < headDim; j++) {
      // float32 inverse frequency, as transformers computes it
      const invFreq = Math.fround(1 / Math.fround(theta ** Math.fround((2 * (j % half)) / headDim)));
      const angle = Math.fround(p * invFreq);
      cos[p * headDim + j] = Math.cos(angle);
      sin[p * headDim + j] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/** The signed permutation R with x @ R = rotateHalf(x); R^T undoes it for gradients. [hd, hd] */
export function rotateHalfMatrix(headDim: number): Tensor {
  const half = headDim / 2;
  const r = new Float32Array(headDim * headDim);
  for (let j = 0; j < half; j++) {
    r[(j + half) * headDim + j] = -1; // out[j] = -x[j + half]
    r[j * headDim + j + half] = 1; // out[j + half] = x[j]
  }
  return tf.tensor2d(r, [headDim, headDim]);
}
