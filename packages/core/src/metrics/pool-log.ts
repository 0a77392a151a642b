import type { PoolPick } from '../objectives/core-objective';
import type { JudgedPool, PoolVerdict } from '../spec/judged-pool';

/** One line of `pools.jsonl`: a whole judged pool of a logged step, and what the objective took. */
export interface PoolLogRecord {
  /** Global step the pool was trained at (after the update, as in metrics.jsonl). */
  step: number;
  phase: string;
  arm?: string;
  /** Position of the pool's window in the step. */
  pool: number;
  docId: string;
  prefix: string;
  /** The document's own suffix (the `original` candidate's text, and the factuality reference). */
  reference: string;
  candidates: Array<{
    id: string;
    source: string;
    text: string;
    tokens: number;
    scores: Record<string, number | null>;
    reward: number | null;
    abstentions: string[];
  }>;
  verdicts: PoolVerdict[];
  /** Candidate indices the objective trained on. */
  chosen?: number;
  rejected?: number;
  /** Further rejected candidates trained against `chosen` (online_dpo `pairs_per_pool` > 1). */
  also_rejected?: number[];
  /** Why the pool gave no training pair: the objective's reason, or `abstention` (over max_abstention). */
  skipped?: string;
}

/**
 * The pool-log records of one step (pure): its first `max` pools in window order, each with every
 * candidate, the verdicts behind the scores and the objective's pick. `used` are the pools the
 * abstention policy kept, in order; `picks[i]` belongs to `used[i]`.
 */
export function poolLogRecords(o: {
  step: number;
  phase: string;
  arm?: string;
  pools: readonly JudgedPool[];
  used: readonly JudgedPool[];
  picks: readonly PoolPick[];
  max: number;
}): PoolLogRecord[] {
  return o.pools.slice(0, o.max).map((pool, position) => {
    const at = o.used.indexOf(pool);
    const pick: PoolPick = at < 0 ? {} : (o.picks[at] ?? {});
    const skipped = at < 0 ? 'abstention' : pick.skip;
    return {
      step: o.step,
      phase: o.phase,
      ...(o.arm ? { arm: o.arm } : {}),
      pool: position,
      docId: pool.window.docId,
      prefix: pool.window.prefix,
      reference: pool.window.suffix,
      candidates: pool.candidates.map((c) => ({
        id: c.id,
        source: c.source,
        text: c.text,
        tokens: c.tokens.length,
        scores: Object.fromEntries(Object.entries(c.scores).map(([k, v]) => [k, v ?? null])),
        reward: c.reward ?? null,
        abstentions: c.abstentions,
      })),
      verdicts: pool.verdicts ?? [],
      ...(pick.chosen !== undefined ? { chosen: pick.chosen } : {}),
      ...(pick.rejected !== undefined ? { rejected: pick.rejected } : {}),
      ...(pick.alsoRejected?.length ? { also_rejected: pick.alsoRejected } : {}),
      ...(skipped !== undefined ? { skipped } : {}),
    };
  });
}
