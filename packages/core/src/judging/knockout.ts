import { createRng } from '../util/rng';
import type { JudgeConfig } from '../spec/run-config';
import type { Comparison, ComparisonOutcome } from './tournament';
import type { PlayedMatch } from './bradley-terry';
import { poolCalibration, type RaceCalibration, type RaceEstimate } from './calibration';

/** Bracket pairings (knockout and adaptive) find the best and the worst without judging every pair. */
export function usesBrackets(pairing: JudgeConfig['pairing']): boolean {
  return pairing === 'knockout' || raceOf(pairing) !== undefined;
}

/** The racing settings of `pairing: adaptive`, if that is the pairing. */
export function raceOf(pairing: JudgeConfig['pairing']): { confidence: number } | undefined {
  return typeof pairing === 'object' && 'adaptive' in pairing ? pairing.adaptive : undefined;
}

/** How a recipe names the pairing (`all`, `knockout`, `adaptive`, `pivot`), for messages. */
export function pairingName(pairing: JudgeConfig['pairing']): string {
  return typeof pairing === 'string' ? pairing : raceOf(pairing) ? 'adaptive' : 'pivot';
}

/** The pivot source of `pairing: pivot <source>`, if that is the pairing. */
export function pivotOf(pairing: JudgeConfig['pairing']): string | undefined {
  return typeof pairing === 'object' && 'pivot' in pairing ? pairing.pivot : undefined;
}

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
  /**
   * Adaptive racing (`pairing: adaptive`): a match goes on until its leader leads by the margin
   * that `confidence` needs under the judge's error rate estimated from first-round disagreements
   * (see `raceMargin`), asking at most `tieBreaks` (default 8 here) extra verdicts. The final of
   * each bracket races to that margin plus one. `calibration` shares the estimate with the step's
   * other pools (`stepCalibration`); without one the pool estimates from its own first round.
   */
  race?: { confidence: number; calibration?: RaceCalibration };
}

export interface KnockoutResult {
  comparisons: Comparison[];
  outcomes: ComparisonOutcome[];
  /** The units that won and lost their brackets (undefined for a pool of one). */
  top?: number;
  bottom?: number;
  /** Matches whose verdicts were level (ties, abstentions): settled by a seeded coin, never read as a loss. */
  undecided: number;
  /** Every match played: its units and the winner (none when a coin settled a level match; `abstained` when no verdict came). */
  matches: PlayedMatch[];
  /** Adaptive racing only: the estimated verdict error rate and the margin every match raced to. */
  race?: RaceEstimate;
}

/**
 * Finds the best and the worst of `n` units with about 3n/2 pairs instead of n(n-1)/2: a first
 * round pairs every unit (an odd one out plays one more match), its winners play a single-elimination
 * bracket for the top and its losers one for the bottom (losers advance). Every unit plays at
 * least once, so each gets a score from the returned matches (`bracketScores`). A match is
 * judged in both orders (or one seeded order) `samples` times; the side with more wins advances. A
 * level match asks up to `tieBreaks` more verdicts, then a seeded coin settles it (counted, never
 * read as a loss). Deterministic for the seeds.
 */
export async function knockout(n: number, ask: AskComparison, o: KnockoutOptions, contenders?: Contenders): Promise<KnockoutResult> {
  const comparisons: Comparison[] = [];
  const outcomes: ComparisonOutcome[] = [];
  const matches: KnockoutResult['matches'] = [];
  const race = o.race ? (o.race.calibration ?? poolCalibration(o.race.confidence)) : undefined;
  const play = async (x: number, y: number, final = false): Promise<{ winner: number; loser: number }> => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const firsts = o.order === 'both' ? [a, b] : [createRng(o.pairSeed(a, b)).chance(0.5) ? a : b];
    // Racing needs two first verdicts to see the judge disagree with itself.
    const perOrder = Math.max(1, o.samples, race && firsts.length === 1 ? 2 : 1);
    const asked = firsts.flatMap((first) => Array.from({ length: perOrder }, (_, sample): Comparison => ({ a, b, first, sample })));
    const seen = race?.register();
    const said = await Promise.all(asked.map(ask));
    let points = 0; // a's wins minus b's
    const count = (c: Comparison, s: ComparisonOutcome) => {
      comparisons.push(c);
      outcomes.push(s);
      if (s === 'first' || s === 'second') points += (s === 'first') === (c.first === a) ? 1 : -1;
    };
    said.forEach((s, i) => count(asked[i], s));
    seen?.(said.map((s, i) => (s === 'first' || s === 'second' ? (s === 'first') === (asked[i].first === a) : undefined)));
    // A match with a decided verdict goes on while its lead is short of the margin (1 for knockout:
    // a split asks up to `tieBreaks` more, so one flipped verdict does not eliminate the better
    // unit), each extra verdict in a seeded order, before a coin decides a level match. Agreed ties stop.
    // A racing bracket's final decides the pool's chosen (or rejected) outright: it races one verdict further.
    const margin = race ? (await race.margin).margin + (final ? 1 : 0) : 1;
    const decided = said.includes('first') || said.includes('second');
    const orderRng = createRng(o.pairSeed(a, b) ^ 0x27d4eb2d);
    const extras = o.tieBreaks ?? (race ? 8 : 2);
    for (let extra = 0; decided && Math.abs(points) < margin && extra < extras; extra++) {
      const c: Comparison = { a, b, first: orderRng.chance(0.5) ? a : b, sample: asked.length + extra };
      count(c, await ask(c));
    }
    const aWins = points === 0 ? createRng(o.pairSeed(a, b) ^ 0x5bd1e995).chance(0.5) : points > 0;
    // Extra verdicts are only asked after a decided one, so the first ones tell whether any came.
    const level = said.every((s) => s === 'abstain') ? { abstained: true as const } : {};
    matches.push({ a, b, ...(points === 0 ? level : { winner: aWins ? a : b }) });
    return aWins ? { winner: a, loser: b } : { winner: b, loser: a };
  };
  const result = async (top?: number, bottom?: number): Promise<KnockoutResult> => ({
    comparisons,
    outcomes,
    matches,
    top,
    bottom,
    // A level match (ties or abstentions) is exactly one a coin settled: it has no winner.
    undecided: matches.filter((m) => m.winner === undefined).length,
    ...(race ? { race: await race.margin } : {}),
  });
  if (n < 2) {
    race?.close(); // nothing to race, but a shared calibration waits for every pool
    return { comparisons, outcomes, matches, top: n === 1 ? 0 : undefined, bottom: n === 1 ? 0 : undefined, undecided: 0 };
  }
  if (contenders) {
    const { top, bottom } = await pruned(n, contenders, play, o.seed, () => race?.close());
    return result(top, bottom);
  }

  const order = Array.from({ length: n }, (_, i) => i);
  createRng(o.seed).shuffle(order);
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i + 1 < n; i += 2) pairs.push([order[i], order[i + 1]]);
  if (n % 2 === 1) pairs.push([order[n - 1], order[0]]); // the odd one out meets the first drawn
  const firstRound = pairs.map(([x, y]) => play(x, y));
  race?.close();
  const first = await Promise.all(firstRound);
  const odd = n % 2 === 1 ? order[n - 1] : undefined;
  // The first drawn unit already has its place from its own pair; the extra match only places the odd one.
  const placed = first.slice(0, Math.floor(n / 2));
  const top = placed.map((m) => m.winner);
  const bottom = placed.map((m) => m.loser);
  if (odd !== undefined) (first[first.length - 1].winner === odd ? top : bottom).push(odd);

  const [best, worst] = await Promise.all([bracket(top, 'winner', play), bracket(bottom, 'loser', play)]);
  return result(best, worst);
}

type Play = (x: number, y: number, final?: boolean) => Promise<{ winner: number; loser: number }>;

/** Single elimination over `units` in order: winners (or losers) advance; an odd one out has a bye. The last match is played as the final. */
async function bracket(units: readonly number[], keep: 'winner' | 'loser', play: Play): Promise<number | undefined> {
  let round = [...units];
  while (round.length > 1) {
    const matches: Array<Promise<number>> = [];
    for (let i = 0; i + 1 < round.length; i += 2) matches.push(play(round[i], round[i + 1], round.length === 2).then((m) => m[keep]));
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
 * every contender has a score; units that contend for nothing are not compared.
 */
async function pruned(n: number, c: Contenders, play: Play, seed: number, launched: () => void): Promise<{ top?: number; bottom?: number }> {
  const rng = createRng(seed);
  const top = rng.shuffle([...c.top]);
  const bottom = rng.shuffle([...c.bottom]);
  const lone = async (units: number[]) => {
    if (units.length !== 1) return;
    const others = Array.from({ length: n }, (_, i) => i).filter((i) => i !== units[0]);
    if (others.length) await play(units[0], others[rng.int(others.length)]);
  };
  // Every first-round match (lone contenders' and both brackets') starts before the first await.
  const lones = Promise.all([lone(top), lone(bottom)]);
  const brackets = Promise.all([bracket(top, 'winner', play), bracket(bottom, 'loser', play)]);
  launched();
  await lones;
  const [best, worst] = await brackets;
  return { top: best, bottom: worst };
}
