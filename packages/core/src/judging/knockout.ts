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
  /** Extra verdicts a split match (one verdict each way) may ask before a coin decides it (default 2). */
  tieBreaks?: number;
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
 * judged in both orders (or one seeded order) `samples` times; the side with more wins advances. A
 * level match asks up to `tieBreaks` more verdicts, then a seeded coin settles it (counted, never
 * read as a loss). Deterministic for the seeds.
 */
export async function knockout(n: number, ask: AskComparison, o: KnockoutOptions, contenders?: Contenders): Promise<KnockoutResult> {
  const comparisons: Comparison[] = [];
  const outcomes: ComparisonOutcome[] = [];
  let undecided = 0;
  const play = async (x: number, y: number): Promise<{ winner: number; loser: number }> => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const firsts = o.order === 'both' ? [a, b] : [createRng(o.pairSeed(a, b)).chance(0.5) ? a : b];
    const asked = firsts.flatMap((first) => Array.from({ length: Math.max(1, o.samples) }, (_, sample): Comparison => ({ a, b, first, sample })));
    const said = await Promise.all(asked.map(ask));
    let points = 0; // a's wins minus b's
    const count = (c: Comparison, s: ComparisonOutcome) => {
      comparisons.push(c);
      outcomes.push(s);
      if (s === 'first' || s === 'second') points += (s === 'first') === (c.first === a) ? 1 : -1;
    };
    said.forEach((s, i) => count(asked[i], s));
    // Split verdicts (each side won one) ask up to `tieBreaks` more, each in a seeded order, before
    // a coin decides: one flipped verdict must not eliminate the better unit. Agreed ties do not.
    const split = said.includes('first') || said.includes('second');
    const orderRng = createRng(o.pairSeed(a, b) ^ 0x27d4eb2d);
    for (let extra = 0; split && points === 0 && extra < (o.tieBreaks ?? 2); extra++) {
      const c: Comparison = { a, b, first: orderRng.chance(0.5) ? a : b, sample: asked.length + extra };
      count(c, await ask(c));
    }
    let aWins = points > 0;
    if (points === 0) {
      undecided++;
      aWins = createRng(o.pairSeed(a, b) ^ 0x5bd1e995).chance(0.5);
    }
    return aWins ? { winner: a, loser: b } : { winner: b, loser: a };
  };
  if (n < 2) return { comparisons, outcomes, top: n === 1 ? 0 : undefined, bottom: n === 1 ? 0 : undefined, undecided };
  if (contenders) {
    const { top, bottom } = await pruned(n, contenders, play, o.seed);
    return { comparisons, outcomes, top, bottom, undecided };
  }

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

  const [best, worst] = await Promise.all([bracket(top, 'winner', play), bracket(bottom, 'loser', play)]);
  return { comparisons, outcomes, top: best, bottom: worst, undecided };
}

type Play = (x: number, y: number) => Promise<{ winner: number; loser: number }>;

/** Single elimination over `units` in order: winners (or losers) advance; an odd one out has a bye. */
async function bracket(units: readonly number[], keep: 'winner' | 'loser', play: Play): Promise<number | undefined> {
  let round = [...units];
  while (round.length > 1) {
    const matches: Array<Promise<number>> = [];
    for (let i = 0; i + 1 < round.length; i += 2) matches.push(play(round[i], round[i + 1]).then((m) => m[keep]));
    const next = await Promise.all(matches);
    if (round.length % 2 === 1) next.push(round[round.length - 1]);
    round = next;
  }
  return round[0];
}

/** Units that can still be the pool's best (`top`) or worst (`bottom`), whatever the pairwise aspect says. */
export interface Contenders {
  top: number[];
  bottom: number[];
}

/**
 * Contenders from reward bounds: a unit's reward with every pairwise aspect at 0 and at 1 (each
 * lies in [0, 1]) is its [lo, hi]. Only a unit whose hi reaches the best lo can be chosen, and only
 * one whose lo reaches the worst hi can be rejected; the others need no pairwise verdict. Units
 * without bounds (a pointwise aspect abstained: no reward either way) contend for nothing. Pure.
 */
export function contendersFromBounds(bounds: ReadonlyArray<{ lo: number; hi: number } | undefined>): Contenders {
  const known = bounds.flatMap((b, u) => (b ? [{ u, ...b }] : []));
  if (known.length === 0) return { top: [], bottom: [] };
  const bestLo = Math.max(...known.map((b) => b.lo));
  const worstHi = Math.min(...known.map((b) => b.hi));
  return { top: known.filter((b) => b.hi >= bestLo).map((b) => b.u), bottom: known.filter((b) => b.lo <= worstHi).map((b) => b.u) };
}

/**
 * Knockout over contenders only: a bracket among the top contenders and one among the bottom
 * contenders (in a seeded order). A lone contender plays one match against a seeded opponent, so
 * every contender has a win fraction; units that contend for nothing are not compared.
 */
async function pruned(n: number, c: Contenders, play: Play, seed: number): Promise<{ top?: number; bottom?: number }> {
  const rng = createRng(seed);
  const top = rng.shuffle([...c.top]);
  const bottom = rng.shuffle([...c.bottom]);
  const lone = async (units: number[]) => {
    if (units.length !== 1) return;
    const others = Array.from({ length: n }, (_, i) => i).filter((i) => i !== units[0]);
    if (others.length) await play(units[0], others[rng.int(others.length)]);
  };
  await Promise.all([lone(top), lone(bottom)]);
  const [best, worst] = await Promise.all([bracket(top, 'winner', play), bracket(bottom, 'loser', play)]);
  return { top: best, bottom: worst };
}
