import type { PairwiseJudge } from '../spec/judge';
import { createRng } from '../util/rng';

export interface VerdictNoise {
  /** Chance that a decided verdict is reversed (first <-> second); ties stay ties. */
  flipRate: number;
  /** Chance that the judge answers `first` whatever it saw (a judge that favours the first option). */
  positionBias: number;
}

/**
 * A pairwise judge with realistic mistakes, for measuring how selection strategies hold up under
 * judge noise: each verdict draws from `ctx.seed` (so runs stay deterministic and the cache key
 * still names the judgment) whether to answer `first` regardless (position bias), else whether
 * to flip a decided verdict. The version carries the noise, so noisy verdicts never share a cache
 * entry with exact ones.
 */
export function withVerdictNoise(judge: PairwiseJudge, noise: VerdictNoise): PairwiseJudge {
  return {
    ...judge,
    name: `${judge.name}+noise`,
    version: `${judge.version}+flip${noise.flipRate}+bias${noise.positionBias}`,
    async compare(input, ctx) {
      const r = await judge.compare(input, ctx);
      if (!r.ok) return r;
      const rng = createRng(ctx.seed ^ 0x2c1b3c6d);
      if (rng.chance(noise.positionBias)) return { ...r, winner: 'first' };
      if (r.winner !== 'tie' && rng.chance(noise.flipRate)) return { ...r, winner: r.winner === 'first' ? 'second' : 'first' };
      return r;
    },
  };
}
