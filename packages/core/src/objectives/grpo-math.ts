/**
 * GRPO maths on plain numbers (pure): group-relative advantages, and the loss of a GrpoBatch from
 * per-token log-probs, the reference every backend's tensor code is tested against.
 */

export type GrpoVariant = 'grpo' | 'dr_grpo';

/**
 * Advantages of one group of rewards (the samples of one prompt): reward minus the group mean,
 * divided by the group's sample standard deviation (n - 1) plus 1e-4 for `grpo`, not divided for
 * `dr_grpo`. A group whose rewards are all equal gets zeros (it carries no signal).
 */
export function groupAdvantages(rewards: readonly number[], variant: GrpoVariant): number[] {
  const n = rewards.length;
  const mean = rewards.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const centred = rewards.map((r) => r - mean);
  if (centred.every((c) => Math.abs(c) < 1e-12)) return rewards.map(() => 0);
  if (variant === 'dr_grpo') return centred;
  const std = Math.sqrt(centred.reduce((a, c) => a + c * c, 0) / Math.max(1, n - 1));
  return centred.map((c) => c / (std + 1e-4));
}

export interface GrpoLossSample {
  /** Per-token log-probs of the completion under the policy being trained. */
  logprobs: readonly number[];
  /** Under the policy that sampled it (default: `logprobs`). */
  oldLogprobs?: readonly number[];
  /** Under the reference model (needed when klBeta > 0). */
  refLogprobs?: readonly number[];
  advantage: number;
}

/** The per-token loss terms of GrpoBatch, summed with its weights (see the contract's formula). */
export function grpoLoss(
  samples: readonly GrpoLossSample[],
  o: { clip: number; klBeta: number; normalize: 'sequence' | 'constant'; constantTokens: number },
): number {
  const n = samples.length;
  let total = 0;
  for (const s of samples) {
    const w = 1 / (n * (o.normalize === 'sequence' ? Math.max(1, s.logprobs.length) : o.constantTokens));
    s.logprobs.forEach((lp, t) => {
      const ratio = Math.exp(lp - (s.oldLogprobs?.[t] ?? lp));
      const clipped = Math.min(Math.max(ratio, 1 - o.clip), 1 + o.clip);
      let l = -Math.min(ratio * s.advantage, clipped * s.advantage);
      if (o.klBeta > 0) {
        const d = (s.refLogprobs?.[t] ?? lp) - lp;
        l += o.klBeta * (Math.exp(d) - d - 1);
      }
      total += w * l;
    });
  }
  return total;
}
