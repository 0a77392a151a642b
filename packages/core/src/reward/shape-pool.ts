import { SptError } from '../errors';
import type { RewardShaper, ShapeContext, ShapedCandidate } from '../spec/reward-shaper';

/**
 * Runs the recipe's shaper chain over one pool: each shaper sees the rewards the one before it
 * returned. Every answer is checked (one entry per candidate, each a finite number or undefined):
 * a shaper that breaks the contract stops the run with an error naming it, never a silent NaN. Pure.
 */
export function shapeRewards(pool: readonly ShapedCandidate[], shapers: readonly RewardShaper[], ctx: ShapeContext): Array<number | undefined> {
  let current = pool.map((c) => c.reward);
  for (const shaper of shapers) {
    const input = pool.map((c, i) => ({ ...c, reward: current[i] }));
    current = checkShaped(shaper, shaper.shape(input, ctx), pool.length);
  }
  return current;
}

function checkShaped(shaper: RewardShaper, out: unknown, n: number): Array<number | undefined> {
  const fail = (what: string, expected: string, got: string) =>
    new SptError({
      code: 'reward.shaper',
      what: `reward shaper "${shaper.name}" ${what}`,
      expected,
      got,
      fix: `fix the shaper plugin "${shaper.name}" (see RewardShaper in @spt/core), or remove its \`shape\` line from the recipe`,
    });
  if (!Array.isArray(out)) throw fail('returned no list of rewards', `an array of ${n} rewards`, typeof out);
  if (out.length !== n) throw fail(`returned ${out.length} rewards for a pool of ${n} candidates`, `one reward per candidate (${n}), in pool order`, String(out.length));
  out.forEach((r, i) => {
    if (r !== undefined && !(typeof r === 'number' && Number.isFinite(r))) {
      throw fail(`returned ${String(r)} for candidate ${i}`, 'a finite number, or undefined for "no reward"', String(r));
    }
  });
  return out as Array<number | undefined>;
}

/**
 * Reward bounds through the chain, for knockout's pruning: each candidate's reward with every
 * pairwise aspect at 0 (`lo`) and at 1 (`hi`) is shaped as a pool of its own kind, candidate-scope
 * shapers applied and order-preserving pool shapers skipped (they cannot change which candidate is
 * best or worst). Undefined when a pool shaper may reorder: then nothing can be pruned.
 */
export function shapedBounds(
  lo: readonly ShapedCandidate[],
  hi: readonly ShapedCandidate[],
  shapers: readonly RewardShaper[],
  ctx: ShapeContext,
): Array<{ lo: number; hi: number } | undefined> | undefined {
  if (shapers.some((s) => s.scope === 'pool' && !s.preservesOrder)) return undefined;
  const perCandidate = shapers.filter((s) => s.scope === 'candidate');
  const a = shapeRewards(lo, perCandidate, ctx);
  const b = shapeRewards(hi, perCandidate, ctx);
  return a.map((x, i) => {
    const y = b[i];
    return x === undefined || y === undefined ? undefined : { lo: Math.min(x, y), hi: Math.max(x, y) };
  });
}
