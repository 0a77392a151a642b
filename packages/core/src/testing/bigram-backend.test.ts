import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBigramBackend } from './bigram-backend';
import { createBigramModel, type BigramModel } from './bigram-model';
import { bigramLossAndGrad } from './bigram-updates';
import type { UpdateBatch } from '../spec/policy-backend';

/** The analytic gradient of the batch's loss at weights `indices` against central differences. */
function expectFiniteDifferences(m: BigramModel, ref: BigramModel, batch: UpdateBatch, indices: number[]): void {
  const { grad } = bigramLossAndGrad(m, ref, batch);
  for (const i of indices) {
    const h = 1e-6;
    const plus = { ...m, w: m.w.slice() };
    plus.w[i] += h;
    const minus = { ...m, w: m.w.slice() };
    minus.w[i] -= h;
    const fd = (bigramLossAndGrad(plus, ref, batch).loss - bigramLossAndGrad(minus, ref, batch).loss) / (2 * h);
    expect({ kind: batch.kind, i, grad: grad[i] }).toEqual({ kind: batch.kind, i, grad: expect.closeTo(fd, 6) });
  }
}

describe('mock.bigram backend', () => {
  it('NTP updates really change what it samples', async () => {
    const b = createBigramBackend({ seed: 1 });
    const ab = b.tokenizer.encode('ab'.repeat(40));
    const sample = async () =>
      b.tokenizer.decode((await b.generate({ prompts: [b.tokenizer.encode('a')], maxNewTokens: 20, temperature: 1, topP: 1, seeds: [3] })).tokens[0]);
    const before = await sample();
    let last = Infinity;
    for (let i = 0; i < 30; i++) {
      const s = await b.update({ kind: 'ntp', sequences: [ab] }, { lr: 50, step: i });
      expect(s.loss).toBeLessThan(last + 1e-9);
      last = s.loss;
    }
    const after = await sample();
    expect(after).not.toBe(before);
    expect(after).toBe('ba'.repeat(10));
  });

  it('DPO raises the chosen over the rejected relative to the reference', async () => {
    const b = createBigramBackend({ seed: 2 });
    await b.syncReference();
    const pair = { prompt: [97], chosen: [98, 98, 98], rejected: [99, 99, 99] };
    const first = await b.update({ kind: 'dpo', pairs: [pair], beta: 0.5, nllAlpha: 0 }, { lr: 5, step: 0 });
    expect(first.metrics.dpo_margin).toBeCloseTo(0, 12);
    const second = await b.update({ kind: 'dpo', pairs: [pair], beta: 0.5, nllAlpha: 0 }, { lr: 5, step: 1 });
    expect(second.metrics.dpo_margin).toBeGreaterThan(0);
    expect(second.metrics.dpo_accuracy).toBe(1);
    expect(second.loss).toBeLessThan(first.loss);
  });

  it('gradients match finite differences', async () => {
    const m = createBigramModel(5, 4, 3, 0.5);
    const ref = createBigramModel(5, 4, 4, 0.5);
    const batch = { kind: 'dpo' as const, pairs: [{ prompt: [1], chosen: [2, 3], rejected: [0, 2] }], beta: 0.7, nllAlpha: 0.3 };
    expectFiniteDifferences(m, ref, batch, [1 * 5 + 2, 2 * 5 + 3, 1 * 5 + 0, 0]);
  });

  it('GRPO and the DPO anchor: gradients match finite differences (clip binding on some tokens, KL to another reference)', async () => {
    const { tokenLogprobs } = await import('./bigram-model');
    const m = createBigramModel(5, 4, 3, 0.5);
    const ref = createBigramModel(5, 4, 4, 0.5);
    const completion = [2, 3, 1];
    const lp = tokenLogprobs(m, [1], completion);
    const samples = [
      // ratios e^0.5, e^-0.01, e^0.5 with A > 0: the clip binds on the first and last token.
      { prompt: [1], completion, advantage: 0.8, oldLogprobs: [lp[0] - 0.5, lp[1] + 0.01, lp[2] - 0.5] },
      // Old = current (the on-policy step), given explicitly: finite differences must hold it fixed.
      { prompt: [0], completion: [4, 4], advantage: -1.2, oldLogprobs: tokenLogprobs(m, [0], [4, 4]) },
    ];
    const batches = [
      { kind: 'grpo' as const, samples, clip: 0.2, klBeta: 0.3, normalize: 'sequence' as const, constantTokens: 4 },
      { kind: 'grpo' as const, samples, clip: 0.2, klBeta: 0, normalize: 'constant' as const, constantTokens: 4 },
      { kind: 'dpo' as const, pairs: [{ prompt: [1], chosen: [2, 3], rejected: [0, 2] }], beta: 0.7, nllAlpha: 0.3, anchor: { sequences: [[1, 2, 3, 4], [0, 0]], alpha: 0.6 } },
    ];
    for (const batch of batches) expectFiniteDifferences(m, ref, batch, [1 * 5 + 2, 2 * 5 + 3, 3 * 5 + 1, 0 * 5 + 4, 4 * 5 + 4, 0]);
  });

  it('save/load round-trips bit for bit and sampling is seeded', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'spt-bigram-'));
    try {
      const a = createBigramBackend({ seed: 5 });
      await a.update({ kind: 'nll', examples: [{ prompt: [1], target: [2, 3], weight: 1 }] }, { lr: 1, step: 0 });
      await a.save(dir);
      const b = createBigramBackend({ seed: 9 });
      await b.load(dir);
      expect(Buffer.from(b.parameters().buffer).equals(Buffer.from(a.parameters().buffer))).toBe(true);
      const req = { prompts: [[1], [1]], maxNewTokens: 8, temperature: 1, topP: 0.9, seeds: [4, 4] };
      const ga = await a.generate(req);
      expect(ga.tokens[0]).toEqual(ga.tokens[1]);
      expect((await b.generate(req)).tokens).toEqual(ga.tokens);
      const lp = await a.logprobs({ prompts: [[1]], continuations: [[2, 3]] });
      expect(lp[0]).toHaveLength(2);
      expect(lp[0].every((x) => x < 0)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
