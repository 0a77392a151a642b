import type { Scalar, Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { describe, expect, it } from 'vitest';
import { packSequences } from '../batching';
import { tf } from '../runtime/tf';
import { scoredLogprobs, sumBySequence } from '../sequence-loss';
import { GptModel } from './gpt-model';
import type { Params } from './params';
import { referenceLogits, referenceTokenLogprobs } from './reference-forward.test-util';
import { tinyConfig, tinyParams } from './test-model.test-util';

const c = tinyConfig();
const model = new GptModel(c);
const names = [...tinyParams(c).keys()];
// ragged sequences: right padding, partial scoring (prompt tokens not scored)
const packed = packSequences(
  [
    { tokens: [3, 7, 1, 9, 22, 4, 4, 8, 15, 2, 0, 11, 6, 19, 5, 13, 7, 2, 1], start: 5, weight: 1 },
    { tokens: [5, 5, 6, 1, 12, 17], start: 1, weight: 0.5 },
    { tokens: [21, 2, 9, 14, 3, 3, 8, 10, 1, 18, 20], start: 3, weight: 2 },
  ],
  { multiple: 16, cap: c.context, pad: 0 },
);
const weights = () => tf.tensor1d(packed.weights);

/** Scalar loss mixing token and sequence terms (like NLL + DPO) with the custom-gradient model. */
function ourLoss(p: Params): Scalar {
  const logp = scoredLogprobs(model, p, packed);
  const seq = sumBySequence(logp, packed);
  return tf.add(tf.neg(tf.sum(tf.mul(logp, weights()))), tf.sum(tf.softplus(tf.mul(seq, 0.05)))) as Scalar;
}

function refLoss(p: Params): Scalar {
  const ids = tf.tensor2d(packed.ids, [packed.batch, packed.time], 'int32') as Tensor2D;
  const logp = referenceTokenLogprobs(referenceLogits(c, p, ids), packed.rows, packed.labels);
  const seq = tf.unsortedSegmentSum(logp, tf.tensor1d(packed.segments, 'int32'), packed.batch);
  return tf.add(tf.neg(tf.sum(tf.mul(logp, weights()))), tf.sum(tf.softplus(tf.mul(seq, 0.05)))) as Scalar;
}

function gradsOf(loss: (p: Params) => Scalar, params: Params) {
  const { value, grads } = tf.valueAndGrads((...ts: Tensor[]) => loss(new Map(names.map((n, i) => [n, ts[i]]))))(names.map((n) => params.get(n) as Tensor));
  return { value: value.dataSync()[0], grads: new Map(names.map((n, i) => [n, grads[i].dataSync() as Float32Array])) };
}

describe('tfjs.gpt gradients', () => {
  const params = tinyParams(c);
  const ours = gradsOf(ourLoss, params);

  it('custom-gradient model equals a plain-autodiff reference (loss and every gradient)', () => {
    const ref = gradsOf(refLoss, params);
    expect(Math.abs(ours.value - ref.value)).toBeLessThan(1e-4 * Math.abs(ref.value));
    for (const n of names) {
      const a = ours.grads.get(n) as Float32Array;
      const b = ref.grads.get(n) as Float32Array;
      const scale = Math.max(...b.map(Math.abs));
      expect(scale, n).toBeGreaterThan(0);
      const worst = Math.max(...a.map((x, i) => Math.abs(x - b[i])));
      expect(worst / scale, n).toBeLessThan(1e-4);
    }
  });

  it('matches central finite differences on the largest gradient entries of each parameter', () => {
    const eps = 3e-3;
    const lossAt = (name: string, index: number, delta: number) => {
      const moved = new Map(params);
      const data = (params.get(name) as Tensor).dataSync().slice();
      data[index] += delta;
      moved.set(name, tf.tensor(data, (params.get(name) as Tensor).shape));
      return tf.tidy(() => ourLoss(moved).dataSync()[0]);
    };
    for (const n of names) {
      const g = ours.grads.get(n) as Float32Array;
      const top = [...g.keys()].sort((i, j) => Math.abs(g[j]) - Math.abs(g[i])).slice(0, 2);
      for (const i of top) {
        const fd = (lossAt(n, i, eps) - lossAt(n, i, -eps)) / (2 * eps);
        expect(Math.abs(fd - g[i]), `${n}[${i}] fd ${fd} analytic ${g[i]}`).toBeLessThan(2e-3 + 0.02 * Math.abs(g[i]));
      }
    }
  });
});
