import { describe, expect, it } from 'vitest';
import type { JudgedCandidate, JudgedPool } from '../spec/judged-pool';
import { emptyJudgingStats } from '../judging/judge-pool';
import { stepMetrics, type StepSummary } from './step-metrics';

const c = (source: string, text: string, reward: number | undefined, quality?: number): JudgedCandidate => ({
  id: `${source}:0`,
  source,
  text,
  tokens: [],
  scores: { quality },
  reward,
  abstentions: [],
});
const pool = (cands: JudgedCandidate[]): JudgedPool => ({
  window: { docId: 'd', index: 0, prefixTokens: [], suffixTokens: [], prefix: '', suffix: '' },
  candidates: cands,
  judgments: { asked: 4, abstained: 1 },
});

describe('stepMetrics', () => {
  const p1 = pool([c('original', 'a', 1, 1), c('rewrite', 'a', 1, 1), c('rollout', 'b', 0, 0)]);
  const p2 = pool([c('original', 'x', 0, 0), c('rollout', 'y', 1, 1)]);
  const p3 = pool([c('original', 'u', 0.5, 0.5), c('rollout', 'v', 0.5, 0.5)]);
  const summary: StepSummary = {
    pools: [p1, p2, p3],
    used: [p1, p2, p3],
    picks: [{ chosen: 0, rejected: 2 }, { chosen: 1, rejected: 0 }, { skip: 'tie' }],
    skippedForAbstention: 0,
    judging: { ...emptyJudgingStats(), asked: 10, abstained: 2, cacheHits: 4, pairwise: 8, tieVerdicts: 2 },
    sourceFailures: { rewrite: 1 },
    update: { loss: 0.5, tokens: 100, metrics: { dpo_margin: 0.2 } },
    lr: 0.001,
    objectiveStats: {},
    time: { generation: 1, judging: 2, update: 1, step: 4 },
    generatedTokens: 50,
    data: { malformed: 3 },
  };
  const m = stepMetrics(summary);
  it('credits shared chosen texts equally and rates sum to 1', () => {
    expect(m['chosen_rate/original']).toBe(0.25);
    expect(m['chosen_rate/rewrite']).toBe(0.25);
    expect(m['chosen_rate/rollout']).toBe(0.5);
    expect(m['rejected_rate/rollout']).toBe(0.5);
    expect(m['rejected_rate/original']).toBe(0.5);
  });
  it('counts a source as sole best only where no other source reaches the top reward', () => {
    // p1: original and rewrite share the top (1): neither; p2: the rollout alone. p3 was a tie, not used.
    expect(m['sole_best_rate/rollout']).toBe(0.5);
    expect(m['sole_best_rate/original']).toBe(0);
    expect(m['sole_best_rate/rewrite']).toBe(0);
  });
  it('writes no sole best rate for pools without rewards (sft picks without judges)', () => {
    const unjudged = pool([c('original', 'a', undefined), c('rewrite', 'b', undefined)]);
    const sft = stepMetrics({ ...summary, pools: [unjudged], used: [unjudged], picks: [{ chosen: 1 }] });
    expect(sft['chosen_rate/rewrite']).toBe(1);
    expect(Object.keys(sft).filter((k) => k.startsWith('sole_best_rate/'))).toEqual([]);
  });
  it('reports rewards, scores, ties, judges, throughput', () => {
    expect(m['reward/rollout']).toBe(0.5);
    expect(m['score/quality/original']).toBe(0.5);
    expect(m.tie_rate).toBeCloseTo(1 / 3, 12);
    expect(m['judge/abstention_rate']).toBe(0.2);
    expect(m['judge/calls']).toBe(6);
    expect(m['judge/tie_verdict_rate']).toBe(0.25);
    expect(m['update/dpo_margin']).toBe(0.2);
    expect(m['throughput/tokens_per_s']).toBe(25);
    expect(m['throughput/gen_tokens_per_s']).toBe(50);
    expect(m['source_failures/rewrite']).toBe(1);
    expect(m['data/malformed']).toBe(3);
    expect(m.loss).toBe(0.5);
  });
});
