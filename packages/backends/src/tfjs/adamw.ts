import type { Tensor } from '@tensorflow/tfjs-node';
import { decays, type Params } from './model/params';
import { take } from './runtime/raw-ops';
import { tf } from './runtime/tf';

export interface AdamWSettings {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Global-norm clip (0 disables). */
  gradClip: number;
}

/**
 * AdamW as in torch.optim.AdamW (decoupled decay p -= lr wd p, bias-corrected moments,
 * denominator sqrt(v / (1 - beta2^t)) + eps), after clipping the global gradient norm.
 * Moments are kept tensors; `t` counts applied steps.
 */
export class AdamW {
  m = new Map<string, Tensor>();
  v = new Map<string, Tensor>();
  t = 0;

  constructor(readonly settings: AdamWSettings) {}

  /**
   * Updates `params` in place (replacing its tensors) from `grads` (consumed). Returns the global
   * gradient norm before clipping.
   */
  step(params: Params, grads: Map<string, Tensor>, lr: number): number {
    const s = this.settings;
    const norm = take(tf.tidy(() => tf.sqrt(tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g)))))))[0];
    const clip = s.gradClip > 0 && norm > s.gradClip ? s.gradClip / (norm + 1e-6) : 1;
    this.t += 1;
    const bc1 = 1 - s.beta1 ** this.t;
    const bc2Sqrt = Math.sqrt(1 - s.beta2 ** this.t);
    const stepSize = lr / bc1;
    for (const [name, p] of params) {
      const g0 = grads.get(name);
      if (!g0) continue;
      const [np, nm, nv] = tf.tidy(() => {
        const g = clip === 1 ? g0 : tf.mul(g0, clip);
        const m0 = this.m.get(name);
        const v0 = this.v.get(name);
        const m = m0 ? tf.add(tf.mul(m0, s.beta1), tf.mul(g, 1 - s.beta1)) : tf.mul(g, 1 - s.beta1);
        const v = v0 ? tf.add(tf.mul(v0, s.beta2), tf.mul(tf.square(g), 1 - s.beta2)) : tf.mul(tf.square(g), 1 - s.beta2);
        const decayed = decays(name) && s.weightDecay > 0 ? tf.mul(p, 1 - lr * s.weightDecay) : p;
        const denom = tf.add(tf.div(tf.sqrt(v), bc2Sqrt), s.eps);
        return [tf.sub(decayed, tf.mul(tf.div(m, denom), stepSize)), m, v];
      });
      p.dispose();
      this.m.get(name)?.dispose();
      this.v.get(name)?.dispose();
      g0.dispose();
      params.set(name, np);
      this.m.set(name, nm);
      this.v.set(name, nv);
    }
    return norm;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}
