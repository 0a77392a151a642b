/**
 * Loss maths on plain numbers (pure): the reference the tensor code is tested against, and the
 * per-pair metrics reported by `update`.
 */

/** log sigmoid(x) computed stably as -softplus(-x). */
export function logSigmoid(x: number): number {
  return -(Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
}

/**
 * DPO loss of one pair from summed continuation log-probs of the policy (pc, pr) and the
 * reference (rc, rr): -log sigmoid(beta ((pc - rc) - (pr - rr))).
 */
export function dpoPairLoss(beta: number, pc: number, pr: number, rc: number, rr: number): number {
  return -logSigmoid(beta * (pc - rc - (pr - rr)));
}

/** Mean DPO loss over pairs plus nllAlpha times the per-token NLL of the chosen continuations. */
export function dpoBatchLoss(
  beta: number,
  nllAlpha: number,
  pairs: ReadonlyArray<{ pc: number; pr: number; rc: number; rr: number; chosenTokens: number }>,
): number {
  const dpo = pairs.reduce((a, p) => a + dpoPairLoss(beta, p.pc, p.pr, p.rc, p.rr), 0) / pairs.length;
  const tokens = pairs.reduce((a, p) => a + p.chosenTokens, 0);
  const nll = tokens > 0 ? -pairs.reduce((a, p) => a + p.pc, 0) / tokens : 0;
  return dpo + nllAlpha * nll;
}
