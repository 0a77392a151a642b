import { describe, expect, it } from 'vitest';
import type { JudgedCandidate, JudgedPool } from '../spec/judged-pool';
import { createObjective } from './create-objective';
import { groupAdvantages, grpoLoss } from './grpo-math';

function pool(candidates: Array<{ source: string; reward?: number }>): JudgedPool {
  return {
    window: { docId: 'd', index: 0, prefixTokens: [7], suffixTokens: [], prefix: '', suffix: '' },
    candidates: candidates.map((c, i): JudgedCandidate => ({ id: `c${i}`, source: c.source, text: `t${i}`, tokens: [i, i], scores: {}, reward: c.reward, abstentions: [] })),
    judgments: { asked: 0, abstained: 0 },
  };
}

describe('GRPO maths', () => {
  it('advantages: centred, divided by the sample std (+1e-4) for grpo, not for dr_grpo; equal rewards give zeros', () => {
    // rewards 1, 0, 0, 1: mean 0.5, sample std sqrt(4 x 0.25 / 3) = 0.57735
    const a = groupAdvantages([1, 0, 0, 1], 'grpo');
    a.forEach((x, i) => expect(x).toBeCloseTo((i === 0 || i === 3 ? 0.5 : -0.5) / (Math.sqrt(1 / 3) + 1e-4), 12));
    expect(groupAdvantages([1, 0, 0, 1], 'dr_grpo')).toEqual([0.5, -0.5, -0.5, 0.5]);
    expect(groupAdvantages([2, 2, 2], 'grpo')).toEqual([0, 0, 0]);
  });

  it('loss: clipped ratio times advantage per token, weighted per sample, plus the k3 KL', () => {
    const o = { clip: 0.2, klBeta: 0, normalize: 'sequence' as const, constantTokens: 4 };
    // one sample, two tokens, A = 1: ratios e^0.1 (inside the clip) and e^0.5 (clipped to 1.2).
    const s = { logprobs: [-1, -2], oldLogprobs: [-1.1, -2.5], advantage: 1 };
    expect(grpoLoss([s], o)).toBeCloseTo(-(Math.exp(0.1) + 1.2) / 2, 12);
    // A < 0: the unclipped (larger loss) branch: -min(rA, clip(r)A) = -rA for r above the range.
    expect(grpoLoss([{ ...s, advantage: -1 }], o)).toBeCloseTo((Math.exp(0.1) + Math.exp(0.5)) / 2, 12);
    // Dr. GRPO: the constant instead of the sequence length; two samples average.
    expect(grpoLoss([s, { logprobs: [-1], advantage: 2 }], { ...o, normalize: 'constant' })).toBeCloseTo((-(Math.exp(0.1) + 1.2) / 4 - 2 / 4) / 2, 12);
    // KL: d = ref - logp = 0.5 on the one token: e^0.5 - 0.5 - 1.
    const kl = grpoLoss([{ logprobs: [-1], refLogprobs: [-0.5], advantage: 0 }], { ...o, klBeta: 0.1 });
    expect(kl).toBeCloseTo(0.1 * (Math.exp(0.5) - 1.5), 12);
  });
});

describe('objective grpo', () => {
  const grpo = (variant: 'grpo' | 'dr_grpo') => createObjective({ kind: 'grpo', clip: 0.2, klBeta: 0.05, variant }, 1, () => undefined, (s) => s, 64);

  it('groups each pool\'s rewarded rollouts (original and rewrite left out) and counts flat and short groups', () => {
    const o = grpo('grpo');
    expect(o.onlySources).toEqual(['rollout']);
    const out = o.run({
      pools: [
        pool([{ source: 'original', reward: 9 }, { source: 'rollout', reward: 1 }, { source: 'rollout', reward: 0 }, { source: 'rollout' }]),
        pool([{ source: 'rollout', reward: 1 }, { source: 'rollout', reward: 1 }]),
        pool([{ source: 'rollout', reward: 1 }, { source: 'rollout' }]),
      ],
      documents: [],
      step: 0,
    });
    expect(out.batch?.kind).toBe('grpo');
    const b = out.batch as Extract<typeof out.batch, { kind: 'grpo' }>;
    expect(b.samples.map((s) => [s.completion, s.advantage])).toEqual([
      [[1, 1], expect.closeTo(0.5 / (Math.sqrt(0.5) + 1e-4), 9)],
      [[2, 2], expect.closeTo(-0.5 / (Math.sqrt(0.5) + 1e-4), 9)],
    ]);
    expect(b).toMatchObject({ clip: 0.2, klBeta: 0.05, normalize: 'sequence', constantTokens: 64 });
    expect(out.stats).toEqual({ 'objective/samples': 2, 'objective/flat_groups': 1, 'objective/insufficient': 1 });
    expect(out.picks).toEqual([{ chosen: 1, rejected: 2 }, { skip: 'tie' }, { skip: 'insufficient' }]);
    const dr = grpo('dr_grpo').run({ pools: [pool([{ source: 'rollout', reward: 1 }, { source: 'rollout', reward: 0 }])], documents: [], step: 0 });
    expect(dr.batch).toMatchObject({ normalize: 'constant', samples: [{ advantage: 0.5 }, { advantage: -0.5 }] });
  });
});
