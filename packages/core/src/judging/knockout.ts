import { createRng } from '../util/rng';
import type { Comparison, ComparisonOutcome } from './tournament';

/** Asks the judge about one shown order of a pair; resolves to the verdict or 'abstain'. */
export type AskComparison = (c: Comparison) => Promise<ComparisonOutcome>;

export interface KnockoutOptions {
  order: 'both' | 'random';
  samples: number;
  /** Seed of the bracket draw. */
  seed: number;
  /** Seed of a pair's random order and of the coin that settles an undecided match. */
  pairSeed: (a: number, b: number) => number;
}

export interface KnockoutResult {
  comparisons: Comparison[];
  outcomes: ComparisonOutcome[];
  /** The units that won and lost their brackets (undefined for a pool of one). */
  top?: number;
  bottom?: number;
  /** Matches whose verdicts were level (ties, abstentions): settled by a seeded coin, never read as a loss. */
  undecided: number;
}

/**
 * Finds the best and the worst of `n` units with about 3n/2 pairs instead of n(n-1)/2: a first
 * round pairs every unit (an odd one out plays one more match), its winners play a single-elimination
 * bracket for the top and its losers one for the bottom (losers advance). Every unit plays at
 * least once, so each has a win fraction (`winFractions` over the returned comparisons). A match is
 * judged in both orders (or one seeded order) `samples` times; the side with more wins (ties half)
 * advances, and a level match is settled by a seeded coin and counted. Deterministic for the seeds.
 */
export async function knockout(n: number, ask: AskComparison, o: KnockoutOptions): Promise<KnockoutResult> {
  const comparisons: Comparison[] = [];
  const outcomes: ComparisonOutcome[] = [];
  let undecided = 0;
  const play = async (x: number, y: number): Promise<{ winner: number; loser: number }> => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const firsts = o.order === 'both' ? [a, b] : [createRng(o.pairSeed(a, b)).chance(0.5) ? a : b];
    const asked = firsts.flatMap((first) => Array.from({ length: Math.max(1, o.samples) }, (_, sample): Comparison => ({ a, b, first, sample })));
    const said = await Promise.all(asked.map(ask));
    let points = 0; // a's wins minus b's
    said.forEach((s, i) => {
      comparisons.push(asked[i]);
      outcomes.push(s);
      if (s === 'first' || s === 'second') points += (s === 'first') === (asked[i].first === a) ? 1 : -1;
    });
    let aWins = points > 0;
    if (points === 0) {
      undecided++;
      aWins = createRng(o.pairSeed(a, b) ^ 0x5bd1e995).chance(0.5);
    }
    return aWins ? { winner: a, loser: b } : { winner: b, loser: a };
  };
  if (n < 2) return { comparisons, outcomes, top: n === 1 ? 0 : undefined, bottom: n === 1 ? 0 : undefined, undecided };

  const order = Array.from({ length: n }, (_, i) => i);
  createRng(o.seed).shuffle(order);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i + 1 < n; i += 2) pairs.push([order[i], order[i + 1]]);
  if (n % 2 === 1) pairs.push([order[n - 1], order[0]]); // the odd one out meets the first drawn
  const first = await Promise.all(pairs.map(([x, y]) => play(x, y)));
  const odd = n % 2 === 1 ? order[n - 1] : undefined;
  // The first drawn unit already has its place from its own pair; the extra match only places the odd one.
  const placed = first.slice(0, Math.floor(n / 2));
  const top = placed.map((m) => m.winner);
  const bottom = placed.map((m) => m.loser);
  if (odd !== undefined) (first[first.length - 1].winner === odd ? top : bottom).push(odd);

  const bracket = async (units: number[], keep: 'winner' | 'loser'): Promise<number> => {
    let round = units;
    while (round.length > 1) {
      const matches: Array<Promise<number>> = [];
      for (let i = 0; i + 1 < round.length; i += 2) matches.push(play(round[i], round[i + 1]).then((m) => m[keep]));
      const next = await Promise.all(matches);
      if (round.length % 2 === 1) next.push(round[round.length - 1]); // a bye
      round = next;
    }
    return round[0];
  };
  const [best, worst] = await Promise.all([bracket(top, 'winner'), bracket(bottom, 'loser')]);
  return { comparisons, outcomes, top: best, bottom: worst, undecided };
}
