import type { JudgedPool } from '../spec/judged-pool';
import type { UpdateStats } from '../spec/policy-backend';
import type { JudgingStats } from '../judging/judge-pool';
import type { PoolPick } from '../objectives/core-objective';

/** Everything one step measured, gathered by the loop; `stepMetrics` turns it into numbers. */
export interface StepSummary {
  /** Pools that were judged (or built, for objectives without judges), in step order. */
  pools: JudgedPool[];
  /** Picks of the objective for the pools it was given (`used`), same order as `used`. */
  used: JudgedPool[];
  picks: PoolPick[];
  skippedForAbstention: number;
  judging: JudgingStats;
  /** Candidate-source failures by source (e.g. rewriter abstained). */
  sourceFailures: Record<string, number>;
  update?: UpdateStats;
  lr: number;
  objectiveStats: Record<string, number>;
  /** Seconds. `judging` of a stale step was measured when it was judged. */
  time: { generation: number; judging: number; update: number; step: number };
  generatedTokens: number;
  data: Record<string, number>;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);

/**
 * The per-step metrics (names as written to metrics.jsonl and TensorBoard):
 * loss, lr, grad_norm, update/* (backend metrics such as dpo_margin, dpo_accuracy),
 * score/<aspect>[/<source>], reward/mean, reward/<source>, chosen_rate/<source>,
 * rejected_rate/<source>, sole_best_rate/<source>, pools/*, tie_rate, judge/*, time/*, throughput/*.
 * A chosen text shared by several sources (e.g. a rewrite that copied the original) credits each
 * of them equally, so chosen rates over sources sum to 1.
 */
export function stepMetrics(s: StepSummary): Record<string, number> {
  const m: Record<string, number> = {};
  const set = (k: string, v: number | undefined) => {
    if (v !== undefined && Number.isFinite(v)) m[k] = v;
  };
  set('lr', s.lr);
  if (s.update) {
    set('loss', s.update.loss);
    set('grad_norm', s.update.gradNorm);
    set('tokens/update', s.update.tokens);
    for (const [k, v] of Object.entries(s.update.metrics)) set(`update/${k}`, v);
  }
  for (const [k, v] of Object.entries(s.objectiveStats)) set(k, v);

  const candidates = s.pools.flatMap((p) => p.candidates);
  const sources = [...new Set(candidates.map((c) => c.source))].sort();
  const aspects = [...new Set(candidates.flatMap((c) => Object.keys(c.scores)))].sort();
  set('pool/size', mean(s.pools.map((p) => p.candidates.length)));
  for (const src of sources) set(`candidates/${src}`, candidates.filter((c) => c.source === src).length);
  for (const a of aspects) {
    const defined = (cs: typeof candidates) => cs.flatMap((c) => (c.scores[a] === undefined ? [] : [c.scores[a] as number]));
    set(`score/${a}`, mean(defined(candidates)));
    for (const src of sources) set(`score/${a}/${src}`, mean(defined(candidates.filter((c) => c.source === src))));
  }
  const rewards = (cs: typeof candidates) => cs.flatMap((c) => (c.reward === undefined ? [] : [c.reward]));
  set('reward/mean', mean(rewards(candidates)));
  for (const src of sources) set(`reward/${src}`, mean(rewards(candidates.filter((c) => c.source === src))));

  const credit = { chosen: new Map<string, number>(), rejected: new Map<string, number>() };
  let picked = 0;
  s.picks.forEach((pick, i) => {
    const pool = s.used[i];
    if (pick.chosen === undefined) return;
    picked++;
    for (const role of ['chosen', 'rejected'] as const) {
      const at = pick[role];
      if (at === undefined) continue;
      const text = pool.candidates[at].text;
      const same = pool.candidates.filter((c) => c.text === text);
      for (const c of same) credit[role].set(c.source, (credit[role].get(c.source) ?? 0) + 1 / same.length);
    }
  });
  for (const src of sources) {
    if (picked) set(`chosen_rate/${src}`, (credit.chosen.get(src) ?? 0) / picked);
    if (credit.rejected.size) set(`rejected_rate/${src}`, (credit.rejected.get(src) ?? 0) / picked);
  }
  const soleBest = soleBestCounts(s.used.filter((_, i) => s.picks[i]?.chosen !== undefined));
  if (soleBest.rewarded) for (const src of sources) set(`sole_best_rate/${src}`, (soleBest.counts.get(src) ?? 0) / soleBest.rewarded);
  const ties = s.picks.filter((p) => p.skip === 'tie').length;
  set('pools/used', picked);
  set('pools/skipped_abstention', s.skippedForAbstention);
  set('pools/skipped_tie', ties);
  set('pools/skipped_insufficient', s.picks.filter((p) => p.skip === 'insufficient' || p.skip === 'no-source').length);
  if (s.picks.length) set('tie_rate', ties / s.picks.length);

  const j = s.judging;
  set('judge/calls', j.asked - j.cacheHits);
  set('judge/cache_hits', j.cacheHits);
  if (j.asked) set('judge/abstention_rate', j.abstained / j.asked);
  for (const [a, c] of Object.entries(j.byAspect)) if (c.asked) set(`judge/abstention_rate/${a}`, c.abstained / c.asked);
  if (j.pairwise) set('judge/tie_verdict_rate', j.tieVerdicts / j.pairwise);
  if (j.undecidedMatches) set('judge/undecided_matches', j.undecidedMatches);
  if (j.races.pools) {
    set('judge/error_rate', j.races.errorRate / j.races.pools);
    set('judge/race_margin', j.races.margin / j.races.pools);
  }
  if (s.pools.length) set('judge/calls_per_pool', (j.asked - j.cacheHits) / s.pools.length);
  for (const [src, n] of Object.entries(s.sourceFailures)) set(`source_failures/${src}`, n);
  for (const [k, v] of Object.entries(s.data)) set(`data/${k}`, v);

  const t = s.time;
  set('time/generation', t.generation);
  set('time/judging', t.judging);
  set('time/update', t.update);
  set('time/step', t.step);
  if (t.step > 0) {
    set('throughput/tokens_per_s', (s.update?.tokens ?? 0) / t.step);
    set('throughput/judge_calls_per_s', (j.asked - j.cacheHits) / t.step);
  }
  if (t.generation > 0) set('throughput/gen_tokens_per_s', s.generatedTokens / t.generation);
  return m;
}

/** Metric names that measure wall-clock time (excluded when comparing runs for determinism). */
export function isTimingMetric(name: string): boolean {
  return name.startsWith('time/') || name.startsWith('throughput/');
}

/**
 * Per source, the pools whose highest reward only that source's candidates reach, out of the
 * pools with any reward (`rewarded`; objectives without judges, such as sft, have none). Unlike
 * the chosen rate it involves no tie-break (a pool whose best reward two sources share counts for
 * neither), so its rise over training is the rollouts truly winning, not winning coin flips.
 */
function soleBestCounts(pools: JudgedPool[]): { counts: Map<string, number>; rewarded: number } {
  const counts = new Map<string, number>();
  let rewarded = 0;
  for (const pool of pools) {
    const scored = pool.candidates.filter((c) => c.reward !== undefined);
    if (!scored.length) continue;
    rewarded++;
    const top = Math.max(...scored.map((c) => c.reward as number));
    const holders = new Set(scored.filter((c) => c.reward === top).map((c) => c.source));
    if (holders.size === 1) for (const src of holders) counts.set(src, (counts.get(src) ?? 0) + 1);
  }
  return { counts, rewarded };
}
