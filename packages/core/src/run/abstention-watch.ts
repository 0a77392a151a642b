import { SptError } from '../errors';
import type { JudgedPool } from '../spec/judged-pool';

/** Steps in a row with no usable pool before a run fails (judging.max_unusable_steps). */
export const DEFAULT_MAX_UNUSABLE_STEPS = 10;

/** Distinct abstention reasons of a step's pools with their counts (one per judgment), most frequent first. */
export function abstentionReasons(pools: readonly JudgedPool[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const pool of pools) {
    // One entry per judgment where the pool kept its verdicts; else each candidate's list.
    const reasons = pool.verdicts
      ? pool.verdicts.flatMap((v) => (v.abstained !== undefined ? [`${v.aspect}: ${v.abstained}`] : []))
      : pool.candidates.flatMap((c) => c.abstentions);
    for (const r of reasons) {
      const key = r.length > 200 ? `${r.slice(0, 199)}…` : r;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const listed = (reasons: ReadonlyArray<[string, number]>, max = 5) =>
  reasons.slice(0, max).map(([r, n]) => `${n} × ${r}`).join('; ') + (reasons.length > max ? `; and ${reasons.length - max} more` : '');

/**
 * The one place a run watches its judges' abstentions. Failures are data for the step (an abstained
 * judgment is never a score) and loud for the user: `observe` returns a warning the first time a
 * reason appears, and throws once `maxUnusable` steps in a row had no pool the objective could use
 * because every pool was skipped for abstentions.
 */
export function createAbstentionWatch(maxUnusable: number) {
  const seen = new Set<string>();
  let unusable = 0;
  let firstUnusable = 0;
  return {
    observe(step: number, pools: readonly JudgedPool[], used: readonly JudgedPool[]): string | undefined {
      const reasons = abstentionReasons(pools);
      const fresh = reasons.filter(([r]) => !seen.has(r));
      for (const [r] of fresh) seen.add(r);
      if (pools.length > 0 && used.length === 0) {
        if (unusable++ === 0) firstUnusable = step;
        if (unusable >= maxUnusable) {
          throw new SptError({
            code: 'run.unusable-pools',
            what: `no pool could be used in ${unusable} steps in a row (steps ${firstUnusable}-${step}): every pool was skipped because too many of its judgments abstained`,
            expected: 'judges that give verdicts (abstained share of a pool at most judging.max_abstention)',
            got: reasons.length ? listed(reasons) : 'abstentions without a reason',
            fix: 'fix the judge or its server (the reasons above), or raise judging { max_abstention } / { max_unusable_steps } if abstaining this often is expected',
          });
        }
      } else unusable = 0;
      if (fresh.length === 0) return undefined;
      const total = reasons.reduce((n, [, c]) => n + c, 0);
      return `judge abstentions at step ${step} (${total} this step, new reasons): ${listed(fresh)}`;
    },
  };
}
