import type { ObjectiveInput } from '../spec/objective';
import type { DpoBatch } from '../spec/policy-backend';
import { deriveSeed } from '../util/rng';
import type { ObjectiveOutput, PoolPick } from './core-objective';
import { poolRewards } from './core-objective';
import { extraRejected, selectDpoPair } from './select-targets';

export interface DpoOptions {
  beta: number;
  nllAlpha: number;
  /**
   * Weight of next-token prediction on each pool's real window (prefix + original suffix) in the
   * same update (0: none, the paper). Anchors the policy on real text while it learns from its own rollouts.
   */
  ntpAlpha?: number;
  /**
   * Pairs per pool (default 1, the paper): the best candidate also against up to `pairsPerPool - 1`
   * further candidates, lowest reward first, each below it by at least `minGap` (default 0).
   */
  pairsPerPool?: number;
  minGap?: number;
  /** Run seed; tie-breaks draw from deriveSeed(seed, 'select', step, pool index). */
  seed: number;
}

/**
 * Online DPO: one (chosen = max reward, rejected = min reward) pair per pool, on the pool's prefix
 * tokens; pools whose rewards tie or with fewer than two rewarded candidates give no pair. With
 * `pairsPerPool` > 1 the chosen candidate is also paired with the next-lowest candidates whose
 * reward trails it by at least `minGap`: a pool where many candidates are far worse (every unsafe
 * sample of an unsafe window) teaches against each of them, not only the worst. With
 * `ntpAlpha` > 0 the batch also carries every pool's window as an NTP anchor (pools without a pair
 * included: their text is real either way).
 */
export function buildDpo(input: ObjectiveInput, options: DpoOptions): ObjectiveOutput {
  const pairs: DpoBatch['pairs'] = [];
  const picks: PoolPick[] = [];
  let ties = 0;
  let insufficient = 0;
  let extra = 0;
  input.pools.forEach((pool, i) => {
    const rewards = poolRewards(pool);
    const sel = selectDpoPair(rewards, deriveSeed(options.seed, 'select', input.step, i));
    if (sel.kind === 'skip') {
      if (sel.reason === 'tie') ties++;
      else insufficient++;
      picks.push({ skip: sel.reason });
      return;
    }
    const more = extraRejected(rewards, sel, { count: (options.pairsPerPool ?? 1) - 1, minGap: options.minGap ?? 0 }, deriveSeed(options.seed, 'select-extra', input.step, i));
    picks.push({ chosen: sel.chosen, rejected: sel.rejected, ...(more.length ? { alsoRejected: more } : {}) });
    for (const rejected of [sel.rejected, ...more]) {
      pairs.push({ prompt: pool.window.prefixTokens, chosen: pool.candidates[sel.chosen].tokens, rejected: pool.candidates[rejected].tokens });
    }
    extra += more.length;
  });
  const ntpAlpha = options.ntpAlpha ?? 0;
  const anchor = ntpAlpha > 0 ? { sequences: input.pools.map((p) => [...p.window.prefixTokens, ...p.window.suffixTokens]), alpha: ntpAlpha } : undefined;
  const batch: DpoBatch | undefined = pairs.length
    ? { kind: 'dpo', pairs, beta: options.beta, nllAlpha: options.nllAlpha, ...(anchor ? { anchor } : {}) }
    : undefined;
  return {
    batch,
    picks,
    stats: { 'objective/pairs': pairs.length, 'objective/extra_pairs': extra, 'objective/ties': ties, 'objective/insufficient': insufficient },
  };
}
