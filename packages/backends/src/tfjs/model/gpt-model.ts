import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../runtime/tf';
import type { AttentionTables } from './attention';
import type { GptConfig } from './config';
import { ropeTables, rotateHalfMatrix } from './rope';

/** Masked logits: exp(-1e9 - max) is exactly 0 in float32, and rows never become NaN. */
export const MASKED = -1e9;

/**
 * The constant tensors of a model shape (rotary tables, rotation, causal masks), kept across
 * steps and cached per sequence length. Parameters live apart (see Params).
 */
export class GptModel {
  readonly cos: Tensor;
  readonly sin: Tensor;
  readonly rot: Tensor;
  /** [3, context, hd] tables for per-row positions (q slot pre-scaled, v slot 1 / 0). */
  readonly cos3: Tensor;
  readonly sin3: Tensor;
  private readonly byLength = new Map<number, AttentionTables>();

  constructor(readonly config: GptConfig) {
    const { cos, sin } = ropeTables(config.context, config.headDim, config.ropeTheta);
    this.cos = tf.keep(tf.tensor2d(cos, [config.context, config.headDim]));
    this.sin = tf.keep(tf.tensor2d(sin, [config.context, config.headDim]));
    this.rot = tf.keep(rotateHalfMatrix(config.headDim));
    const all = tf.tidy(() => this.stack3(this.cos, this.sin, [3, config.context, config.headDim]));
    this.cos3 = tf.keep(all.cos3);
    this.sin3 = tf.keep(all.sin3);
  }

  /** Tables for training-style sequences that start at position 0 (right padding only). */
  tablesFor(time: number): AttentionTables {
    let t = this.byLength.get(time);
    if (!t) {
      t = tf.tidy(() => {
        const cos = this.cos.slice([0, 0], [time, -1]);
        const sin = this.sin.slice([0, 0], [time, -1]);
        return {
          ...this.stack3(cos, sin, [3, 1, 1, time, this.config.headDim]),
          rot: this.rot,
          mask: causalMask(time),
        };
      });
      for (const v of Object.values(t)) if (v !== this.rot) tf.keep(v);
      this.byLength.set(time, t);
    }
    return t;
  }

  /** [cos * scale, cos, 1] and [sin * scale, sin, 0] stacked and reshaped to `shape`. */
  stack3(cos: Tensor, sin: Tensor, shape: number[]): { cos3: Tensor; sin3: Tensor } {
    const scale = 1 / Math.sqrt(this.config.headDim);
    return {
      cos3: tf.reshape(tf.stack([tf.mul(cos, scale), cos, tf.onesLike(cos)]), shape),
      sin3: tf.reshape(tf.stack([tf.mul(sin, scale), sin, tf.zerosLike(sin)]), shape),
    };
  }

  dispose(): void {
    for (const t of this.byLength.values()) for (const v of Object.values(t)) if (v !== this.rot) v.dispose();
    this.byLength.clear();
    this.cos.dispose();
    this.sin.dispose();
    this.rot.dispose();
    this.cos3.dispose();
    this.sin3.dispose();
  }
}

/** Additive causal mask [T, T]: 0 on and below the diagonal, MASKED above. */
export function causalMask(time: number): Tensor {
  const m = new Float32Array(time * time);
  for (let i = 0; i < time; i++) for (let j = i + 1; j < time; j++) m[i * time + j] = MASKED;
  return tf.tensor2d(m, [time, time]);
}
