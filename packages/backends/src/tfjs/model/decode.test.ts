import type { Tensor, Tensor2D } from '@tensorflow/tfjs-node';
import { describe, expect, it } from 'vitest';
import { tf } from '../runtime/tf';
import { forwardCached, inferenceWeights, type KvCache } from './decode';
import { forwardLogits } from './forward';
import { GptModel, MASKED } from './gpt-model';
import { tinyConfig, tinyParams } from './test-model.test-util';

describe('KV-cache decoding', () => {
  it('gives the logits of a full forward pass at every step, for left-padded prompts of different lengths', () => {
    for (const [tiedHead, chunk] of [[false, 2], [true, 32]] as const) {
      const c = tinyConfig({ tiedHead });
      const model = new GptModel(c);
      const params = tinyParams(c, 3);
      const seqs = [
        [4, 9, 1, 22, 7, 7, 3, 15, 2, 11, 8, 0],
        [6, 2, 13, 5, 18, 9, 21, 4, 4, 10, 1, 3],
      ];
      const promptLens = [5, 2];
      const width = Math.max(...promptLens);
      const total = width + 7;
      const worst = tf.tidy(() => {
        const ids = new Int32Array(2 * width);
        const pos = new Int32Array(2 * width);
        const keyMask = new Float32Array(2 * total);
        seqs.forEach((s, b) => {
          const pad = width - promptLens[b];
          for (let j = 0; j < width; j++) {
            ids[b * width + j] = j < pad ? 0 : s[j - pad];
            pos[b * width + j] = Math.max(0, j - pad);
          }
          for (let j = 0; j < pad; j++) keyMask[b * total + j] = MASKED;
        });
        const keys = tf.tensor2d(keyMask, [2, total]);
        const weights = inferenceWeights(model, params);
        let r: { logits: Tensor2D; cache: KvCache } = forwardCached(model, weights, tf.tensor2d(ids, [2, width], 'int32'), tf.tensor2d(pos, [2, width], 'int32'), keys, undefined, chunk);
        let worst = 0;
        for (let step = 0; step < 6; step++) {
          const got = r.logits.arraySync() as number[][];
          seqs.forEach((s, b) => {
            const len = promptLens[b] + step;
            const full = forwardLogits(model, params, tf.tensor2d([s.slice(0, len)], [1, len], 'int32')) as Tensor;
            const want = (full.arraySync() as number[][][])[0][len - 1];
            want.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[b][i]))));
          });
          const next = tf.tensor2d(seqs.map((s, b) => s[promptLens[b] + step]), [2, 1], 'int32');
          const stepPos = tf.tensor2d(promptLens.map((l) => l + step), [2, 1], 'int32');
          r = forwardCached(model, weights, next as Tensor2D, stepPos as Tensor2D, keys, r.cache, chunk);
        }
        for (const t of weights.owned) t.dispose();
        return worst;
      });
      expect(worst).toBeLessThan(1e-4);
    }
  });
});
