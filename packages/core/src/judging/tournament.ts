import { createRng } from '../util/rng';

/** Which pairs of a pool a pairwise judge compares. */
export type Pairing = { kind: 'all' } | { kind: 'pivot'; pivots: readonly number[] };

/** One pairwise judgment to ask: candidates `a` < `b` (pool indices), `first` is shown first. */
export interface Comparison {
  a: number;
  b: number;
  first: number;
  sample: number;
}

/** What the judge said about a comparison, from the point of view of the order shown. */
export type ComparisonOutcome = 'first' | 'second' | 'tie' | 'abstain';

/**
 * The comparisons of a tournament over `n` candidates.
 * - `all` pairs (the paper): every i < j;
 * - `pivot`: every non-pivot candidate against every pivot candidate (pivots do not meet each
 *   other), n-1 pairs for one pivot instead of n(n-1)/2;
 * - order `both`: each pair is judged in both orders (cancels position bias, twice the calls);
 *   `random`: one order per pair, drawn from `orderSeed(a, b)`;
 * - each (pair, order) is asked `samples` times.
 */
export function planComparisons(
  n: number,
  pairing: Pairing,
  order: 'both' | 'random',
  samples: number,
  orderSeed: (a: number, b: number) => number,
): Comparison[] {
  const pairs: Array<[number, number]> = [];
  if (pairing.kind === 'all') {
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) pairs.push([a, b]);
  } else {
    const pivots = new Set(pairing.pivots.filter((p) => p >= 0 && p < n));
    for (let i = 0; i < n; i++) {
      if (pivots.has(i)) continue;
      for (const p of [...pivots].sort((x, y) => x - y)) pairs.push(p < i ? [p, i] : [i, p]);
    }
  }
  const out: Comparison[] = [];
  for (const [a, b] of pairs) {
    const firsts = order === 'both' ? [a, b] : [createRng(orderSeed(a, b)).chance(0.5) ? a : b];
    for (const first of firsts) for (let sample = 0; sample < samples; sample++) out.push({ a, b, first, sample });
  }
  return out;
}

/**
 * Each candidate's fraction of wins over the comparisons it took part in that did not abstain;
 * a tie counts half a win for both. Undefined for a candidate with no decided comparison (a pool
 * of one, or all its judgments abstained), so missing judgments are never scored as losses.
 */
export function winFractions(
  n: number,
  comparisons: readonly Comparison[],
  outcomes: readonly ComparisonOutcome[],
): Array<number | undefined> {
  const wins = new Array<number>(n).fill(0);
  const played = new Array<number>(n).fill(0);
  comparisons.forEach((c, i) => {
    const outcome = outcomes[i];
    if (outcome === 'abstain' || outcome === undefined) return;
    played[c.a]++;
    played[c.b]++;
    if (outcome === 'tie') {
      wins[c.a] += 0.5;
      wins[c.b] += 0.5;
      return;
    }
    const second = c.first === c.a ? c.b : c.a;
    wins[outcome === 'first' ? c.first : second] += 1;
  });
  return wins.map((w, i) => (played[i] === 0 ? undefined : w / played[i]));
}
