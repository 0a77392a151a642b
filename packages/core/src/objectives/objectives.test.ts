import { describe, expect, it } from 'vitest';
import type { JudgedCandidate, JudgedPool } from '../spec/judged-pool';
import { builtinObjectives, objectiveRef } from './builtin-objectives';
import { createObjective } from './create-objective';

function pool(rewards: Array<number | undefined>, sources?: string[]): JudgedPool {
  const candidates: JudgedCandidate[] = rewards.map((reward, i) => ({
    id: `c:${i}`,
    source: sources?.[i] ?? 'rollout',
    text: `t${i}`,
    tokens: [i, i],
    scores: {},
    reward,
    abstentions: [],
  }));
  return {
    window: { docId: 'd', index: 0, prefixTokens: [9, 9], suffixTokens: [], prefix: '', suffix: '' },
    candidates,
    judgments: { asked: 0, abstained: 0 },
  };
}
const dpo = { kind: 'online_dpo', beta: 0.1, nllAlpha: 0.2, reference: { kind: 'frozen' }, ties: 'skip' } as const;

describe('objectives', () => {
  it('online_dpo forms one pair per decided pool and counts skips', () => {
    const o = createObjective(dpo, 1);
    const batch = o.build({ pools: [pool([0, 2, 1]), pool([1, 1]), pool([undefined, 3])], documents: [], step: 0 });
    expect(batch).toEqual({ kind: 'dpo', beta: 0.1, nllAlpha: 0.2, pairs: [{ prompt: [9, 9], chosen: [1, 1], rejected: [0, 0] }] });
    expect(o.lastStats?.()).toEqual({ 'objective/pairs': 1, 'objective/extra_pairs': 0, 'objective/ties': 1, 'objective/insufficient': 1 });
  });

  it('online_dpo with pairs_per_pool pairs the chosen one with the next-worst candidates past min_gap', () => {
    // rewards 0 (worst), 3 (best), 1, 2.5: the gap to the best is 3, 2 and 0.5.
    const o = createObjective({ ...dpo, pairsPerPool: 3, minGap: 1 }, 1);
    const out = o.run({ pools: [pool([0, 3, 1, 2.5]), pool([1, 2])], documents: [], step: 0 });
    const pairs = out.batch?.kind === 'dpo' ? out.batch.pairs.map((p) => [p.chosen[0], p.rejected[0]]) : [];
    expect(pairs).toEqual([[1, 0], [1, 2], [1, 0]]);
    expect(out.picks).toEqual([{ chosen: 1, rejected: 0, alsoRejected: [2] }, { chosen: 1, rejected: 0 }]);
    expect(out.stats['objective/pairs']).toBe(3);
    expect(out.stats['objective/extra_pairs']).toBe(1);
    // The recipe's config reaches the registry's online_dpo plugin unchanged.
    const ref = objectiveRef({ ...dpo, pairsPerPool: 3, minGap: 1 });
    const schema = builtinObjectives.find((d) => d.manifest.name === 'online_dpo')!.manifest.options!;
    expect(schema.parse(ref.options)).toMatchObject({ pairs_per_pool: 3, min_gap: 1 });
    expect(() => schema.parse({ pairs_per_pool: 0 })).toThrow();
    // Without the options it is the paper's one pair per pool.
    expect(createObjective(dpo, 1).run({ pools: [pool([0, 3, 1, 2.5])], documents: [], step: 0 }).batch).toMatchObject({ pairs: [{ chosen: [1, 1], rejected: [0, 0] }] });
  });

  it('online_dpo with nothing to learn returns undefined; beta can be scheduled', () => {
    const o = createObjective(dpo, 1, (name, s) => (name === 'beta' && s > 5 ? 0.5 : undefined));
    expect(o.build({ pools: [pool([1, 1])], documents: [], step: 0 })).toBeUndefined();
    const b = o.build({ pools: [pool([0, 1])], documents: [], step: 9 });
    expect(b?.kind === 'dpo' && b.beta).toBe(0.5);
  });

  it('online_dpo with ntp_alpha anchors on every pool\'s real window (prefix + original suffix), scheduled or set', () => {
    const withSuffix = (rewards: number[]) => ({ ...pool(rewards), window: { ...pool(rewards).window, suffixTokens: [5, 6] } });
    const o = createObjective({ ...dpo, ntpAlpha: 0.5 }, 1);
    const b = o.build({ pools: [withSuffix([0, 1]), withSuffix([1, 1])], documents: [], step: 0 });
    expect(b?.kind === 'dpo' && b.anchor).toEqual({ sequences: [[9, 9, 5, 6], [9, 9, 5, 6]], alpha: 0.5 });
    const scheduled = createObjective(dpo, 1, (name) => (name === 'ntp_alpha' ? 2 : undefined));
    const s = scheduled.build({ pools: [withSuffix([0, 1])], documents: [], step: 0 });
    expect(s?.kind === 'dpo' && s.anchor?.alpha).toBe(2);
    const none = createObjective(dpo, 1).build({ pools: [withSuffix([0, 1])], documents: [], step: 0 });
    expect(none?.kind === 'dpo' && 'anchor' in none).toBe(false);
  });

  it('rf_nll trains on the best candidate', () => {
    const o = createObjective({ kind: 'rf_nll' }, 1);
    expect(o.run({ pools: [pool([0.1, 0.9]), pool([undefined])], documents: [], step: 0 })).toEqual({
      batch: { kind: 'nll', examples: [{ prompt: [9, 9], target: [1, 1], weight: 1 }] },
      picks: [{ chosen: 1 }, { skip: 'insufficient' }],
      stats: { 'objective/examples': 1, 'objective/insufficient': 1 },
    });
  });

  it('sft trains on the named source without judging', () => {
    const o = createObjective({ kind: 'sft', source: 'rewrite' }, 1);
    expect(o.needsJudging).toBe(false);
    expect(o.onlySources).toEqual(['rewrite']);
    const out = o.run({ pools: [pool([undefined, undefined], ['original', 'rewrite'])], documents: [], step: 0 });
    expect(out.batch).toEqual({ kind: 'nll', examples: [{ prompt: [9, 9], target: [1, 1], weight: 1 }] });
  });

  it('ntp uses the documents', () => {
    const o = createObjective({ kind: 'ntp' }, 1);
    expect(o.needsPool).toBe(false);
    const doc = { id: 'a', text: 'x' };
    expect(o.build({ pools: [], documents: [{ doc, tokens: [1, 2, 3] }, { doc, tokens: [4] }], step: 0 })).toEqual({
      kind: 'ntp',
      sequences: [[1, 2, 3]],
    });
  });
});
