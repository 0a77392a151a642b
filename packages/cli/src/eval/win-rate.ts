import type { EvalPrompt, PairwiseJudge } from '@spt/core';
import { deriveSeed } from '@spt/core';

export interface WinRate {
  /** Share of comparisons won by A, ties counting half, abstentions left out. */
  winRate: number;
  /** Share of the comparisons that were ties (0 when none was decided or tied). */
  tieRate: number;
  /** Share of the decided comparisons (ties left out) won by A: wins / (wins + losses). */
  decidedWinRate: number;
  wins: number;
  ties: number;
  losses: number;
  abstained: number;
}

/**
 * Pairwise win rate of continuations A against B on the same prompts, judged in both orders
 * (position bias cancels), ties counting half, as in the paper's evaluation.
 */
export async function pairwiseWinRate(
  judge: PairwiseJudge,
  prompts: readonly EvalPrompt[],
  a: readonly string[],
  b: readonly string[],
  seed = 0,
): Promise<WinRate> {
  let wins = 0;
  let ties = 0;
  let losses = 0;
  let abstained = 0;
  // All comparisons are asked at once: a judge behind the run's limit (the judged suite's) paces them.
  const asked = prompts.flatMap(({ prefix, meta }, i) =>
    [true, false].map(async (aFirst) => {
      const verdict = await judge.compare(
        { prefix, first: aFirst ? a[i] : b[i], second: aFirst ? b[i] : a[i], meta },
        { seed: deriveSeed(seed, 'eval-pair', i, aFirst ? 0 : 1), sample: 0 },
      );
      return { verdict, aFirst };
    }),
  );
  for (const { verdict, aFirst } of await Promise.all(asked)) {
    if (!verdict.ok) abstained++;
    else if (verdict.winner === 'tie') ties++;
    else if ((verdict.winner === 'first') === aFirst) wins++;
    else losses++;
  }
  const n = wins + ties + losses;
  return {
    winRate: n === 0 ? Number.NaN : (wins + ties / 2) / n,
    tieRate: ties / Math.max(1, n),
    decidedWinRate: wins + losses === 0 ? Number.NaN : wins / (wins + losses),
    wins,
    ties,
    losses,
    abstained,
  };
}
