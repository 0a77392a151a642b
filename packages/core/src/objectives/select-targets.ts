import { createRng } from '../util/rng';

/** Why a pool gave no training pair. */
export type SkipReason = 'tie' | 'insufficient';

export type PairSelection = { kind: 'pair'; chosen: number; rejected: number } | { kind: 'skip'; reason: SkipReason };

/** Indices holding the extreme defined reward (max when `sign` = 1, min when -1). */
function extremes(rewards: ReadonlyArray<number | undefined>, sign: 1 | -1): number[] {
  let best = -Infinity;
  let at: number[] = [];
  rewards.forEach((r, i) => {
    if (r === undefined) return;
    const v = sign * r;
    if (v > best) {
      best = v;
      at = [i];
    } else if (v === best) at.push(i);
  });
  return at;
}

/**
 * Online DPO targets: chosen = the highest reward, rejected = the lowest. Candidates without a
 * reward (missing judgments) take no part. Fewer than two rewarded candidates: skip
 * 'insufficient'; highest == lowest: skip 'tie' (the paper skips ties). Several candidates sharing
 * the highest (or lowest) reward: one is drawn with `seed`, so no source is favoured by its place
 * in the pool.
 */
export function selectDpoPair(rewards: ReadonlyArray<number | undefined>, seed: number): PairSelection {
  const defined = rewards.filter((r) => r !== undefined).length;
  if (defined < 2) return { kind: 'skip', reason: 'insufficient' };
  const top = extremes(rewards, 1);
  const bottom = extremes(rewards, -1);
  if (rewards[top[0]] === rewards[bottom[0]]) return { kind: 'skip', reason: 'tie' };
  const rng = createRng(seed);
  return { kind: 'pair', chosen: rng.pick(top), rejected: rng.pick(bottom) };
}

/**
 * More rejected candidates for the same chosen one (`online_dpo { pairs_per_pool: n, min_gap: g }`):
 * up to `count` candidates besides `chosen` and the pair's `rejected`, lowest reward first, each with
 * a reward below the chosen one's by at least `minGap` (and strictly below it). Equal rewards are
 * ordered by a shuffle drawn from `seed`, so no source is favoured by its place in the pool.
 */
export function extraRejected(
  rewards: ReadonlyArray<number | undefined>,
  pair: { chosen: number; rejected: number },
  o: { count: number; minGap: number },
  seed: number,
): number[] {
  if (o.count <= 0) return [];
  const top = rewards[pair.chosen]!;
  const open = rewards.flatMap((r, i) => (r !== undefined && i !== pair.chosen && i !== pair.rejected && r < top && top - r >= o.minGap ? [i] : []));
  return createRng(seed)
    .shuffle(open)
    .sort((a, b) => rewards[a]! - rewards[b]!)
    .slice(0, o.count);
}

/**
 * RF-NLL target: the highest-reward candidate (ties drawn with `seed`); undefined when no
 * candidate has a reward.
 */
export function selectBest(rewards: ReadonlyArray<number | undefined>, seed: number): number | undefined {
  const top = extremes(rewards, 1);
  return top.length === 0 ? undefined : createRng(seed).pick(top);
}
