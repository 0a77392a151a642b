import type { JudgmentCache, PairwiseJudge, PointwiseJudge } from '@spt/core';
import { judgmentKey } from './judgment-key';

/**
 * Wraps a judge with a judgment cache: a hit returns the stored verdict without calling the
 * model (and without usage, since it cost nothing); a fresh verdict is stored; abstentions are
 * not. The scheduler can use this, or key its own cache with `judgmentKey`.
 */
export function withJudgmentCache<J extends PointwiseJudge | PairwiseJudge>(judge: J, cache: JudgmentCache): J {
  if (judge.kind === 'pointwise') {
    const wrapped: PointwiseJudge = {
      ...judge,
      async judge(input, ctx) {
        const key = judgmentKey(judge, input, ctx.sample);
        const hit = await cache.get(key);
        if (hit && hit.ok && 'score' in hit) return { ok: true, score: hit.score, ...(hit.raw ? { raw: hit.raw } : {}) };
        const fresh = await judge.judge(input, ctx);
        if (fresh.ok) await cache.set(key, fresh);
        return fresh;
      },
    };
    return wrapped as J;
  }
  const wrapped: PairwiseJudge = {
    ...judge,
    async compare(input, ctx) {
      const key = judgmentKey(judge, input, ctx.sample);
      const hit = await cache.get(key);
      if (hit && hit.ok && 'winner' in hit) return { ok: true, winner: hit.winner, ...(hit.raw ? { raw: hit.raw } : {}) };
      const fresh = await judge.compare(input, ctx);
      if (fresh.ok) await cache.set(key, fresh);
      return fresh;
    },
  };
  return wrapped as J;
}
