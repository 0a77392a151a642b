/**
 * Causal self-attention with rotary positions as one custom-gradient block: from the fused
 * projection qkv [N = B*T, 3d] to the heads' output [N, d], with a hand-written backward
 * (FlashAttention's identity rowsum(dP * P) = rowsum(dO * O) keeps the big [B, H, T, T]
 * tensors to two passes).
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { batchMatMul, softmax } from '../runtime/raw-ops';
import { tf } from '../runtime/tf';

type SaveFn = (tensors: Tensor[]) => void;

/** Per-length constants of the block. cos3/sin3: [3, 1, 1, T, hd] (q slot pre-scaled by 1/sqrt(hd), v slot 1/0). */
export interface AttentionTables {
  cos3: Tensor;
  sin3: Tensor;
  /** Signed permutation for rotate-half, [hd, hd]. */
  rot: Tensor;
  /** Additive causal mask [T, T] (0 allowed, -1e9 masked), or [B, 1, T, T] with padding. */
  mask: Tensor;
}

/** Applies rope to stacked [3, ...] q/k/v: x * cos3 + rotateHalf(x) * sin3. */
export function applyRope3(x: Tensor, t: Pick<AttentionTables, 'cos3' | 'sin3' | 'rot'>): Tensor {
  return tf.add(tf.mul(x, t.cos3), tf.mul(batchMatMul(x, t.rot), t.sin3));
}

/**
 * qkv: [B*T, 3d] laid out [q | k | v], heads contiguous inside each. Returns [B*T, d].
 * Gradient flows to qkv only.
 */
export function causalAttention(qkv: Tensor2D, batch: number, time: number, heads: number, tables: AttentionTables): Tensor2D {
  const d = qkv.shape[1] / 3;
  const hd = d / heads;
  const fn = tf.customGrad((qkvIn, save) => {
    const t = tf.transpose(tf.reshape(qkvIn as Tensor, [batch, time, 3, heads, hd]), [2, 0, 3, 1, 4]);
    const [q, k, v] = tf.unstack(applyRope3(t, tables));
    const p = softmax(tf.add(batchMatMul(q, k, false, true), tables.mask));
    const o = batchMatMul(p, v);
    (save as SaveFn)([q, k, v, p, o]);
    return {
      value: tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [batch * time, d]),
      gradFunc: (dy, saved) => {
        const [q, k, v, p, o] = saved as Tensor[];
        const dO = tf.transpose(tf.reshape(dy as Tensor, [batch, time, heads, hd]), [0, 2, 1, 3]);
        const dv = batchMatMul(p, dO, true, false);
        const dp = batchMatMul(dO, v, false, true);
        const ds = tf.mul(p, tf.sub(dp, tf.sum(tf.mul(dO, o), -1, true)));
        const dq = batchMatMul(ds, k);
        const dk = batchMatMul(ds, q, true, false);
        const dr = tf.stack([dq, dk, dv]);
        const dt = tf.add(tf.mul(dr, tables.cos3), batchMatMul(tf.mul(dr, tables.sin3), tables.rot, false, true));
        return tf.reshape(tf.transpose(dt, [1, 3, 0, 2, 4]), [batch * time, 3 * d]);
      },
    };
  });
  return fn(qkv) as Tensor2D;
}
