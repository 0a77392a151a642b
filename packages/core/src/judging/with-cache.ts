import pLimit from 'p-limit';
import type { PairwiseJudge, PointwiseJudge } from '../spec/judge';
import type { JudgmentCache } from '../spec/judgment-cache';
import { judgeIdentity } from './cache-key';
import { guardPairwise, guardPointwise, newJudgeGuard } from './guarded-judge';

/**
 * A judge outside a run, behind a judgment cache, keyed and seeded exactly as a run keys its
 * judgments (judge identity, the inputs, sample and the seed derived from `seed` and the inputs):
 * a hit returns the stored verdict without calling the judge, a fresh verdict is stored,
 * abstentions are not, and a judge that throws abstains (fatal setup errors still throw).
 * `identity` defaults to `<name>@<version>`; give the plugin's options through `options` when two
 * configurations of one judge share a cache.
 */
export function withJudgmentCache<J extends PointwiseJudge | PairwiseJudge>(
  judge: J,
  cache: JudgmentCache,
  o: { seed?: number; options?: unknown; timeoutMs?: number } = {},
): J {
  const guard = newJudgeGuard({ cache, limit: pLimit(Number.POSITIVE_INFINITY), timeoutMs: o.timeoutMs ?? 0, seed: o.seed ?? 0 });
  const identity = judgeIdentity(judge.name, judge.version, o.options ?? {});
  const guarded = judge.kind === 'pointwise' ? guardPointwise(judge, identity, judge.name, guard) : guardPairwise(judge, identity, judge.name, guard);
  return { ...judge, ...guarded } as J;
}
