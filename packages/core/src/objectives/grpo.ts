import type { ObjectiveInput } from '../spec/objective';
import type { GrpoBatch } from '../spec/policy-backend';
import type { ObjectiveOutput, PoolPick } from './core-objective';
import { groupAdvantages, type GrpoVariant } from './grpo-math';

export interface GrpoOptions {
  clip: number;
  klBeta: number;
  variant: GrpoVariant;
  /** Dr. GRPO's length constant: the generation budget K. */
  k: number;
}

/**
 * GRPO: each pool's rollouts (the policy's own samples; the original and rewrite are not the
 * policy's and are left out) form a group; rewards become group-relative advantages. A group
 * with fewer than two rewarded rollouts, or whose rewards are all equal (no signal, no gradient),
 * gives no sample and is counted. The batch carries no old log-probs: the update follows the
 * generation of the same step (ratio 1; `train { staleness }` > 0 is the only off-policy case, and
 * then the clip bounds the step).
 */
export function buildGrpo(input: ObjectiveInput, options: GrpoOptions): ObjectiveOutput {
  const samples: GrpoBatch['samples'] = [];
  const picks: PoolPick[] = [];
  let flat = 0;
  let insufficient = 0;
  for (const pool of input.pools) {
    const group = pool.candidates.flatMap((c, i) => (c.source === 'rollout' && c.reward !== undefined ? [{ i, reward: c.reward, tokens: c.tokens }] : []));
    if (group.length < 2) {
      insufficient++;
      picks.push({ skip: 'insufficient' });
      continue;
    }
    const advantages = groupAdvantages(group.map((g) => g.reward), options.variant);
    if (advantages.every((a) => a === 0)) {
      flat++;
      picks.push({ skip: 'tie' });
      continue;
    }
    group.forEach((g, j) => samples.push({ prompt: pool.window.prefixTokens, completion: g.tokens, advantage: advantages[j] }));
    // For the chosen-rate curves: the best and worst rollout of the group.
    const best = group.reduce((a, b) => (b.reward > a.reward ? b : a));
    const worst = group.reduce((a, b) => (b.reward < a.reward ? b : a));
    picks.push({ chosen: best.i, rejected: worst.i });
  }
  const batch: GrpoBatch | undefined = samples.length
    ? { kind: 'grpo', samples, clip: options.clip, klBeta: options.klBeta, normalize: options.variant === 'dr_grpo' ? 'constant' : 'sequence', constantTokens: options.k }
    : undefined;
  return {
    batch,
    picks,
    stats: { 'objective/samples': samples.length, 'objective/flat_groups': flat, 'objective/insufficient': insufficient },
  };
}
