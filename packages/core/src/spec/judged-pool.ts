import type { Candidate } from './candidate-source';
import type { Window } from './windower';

/** A candidate after judging: per-aspect scores (undefined = every judgment abstained). */
export interface JudgedCandidate extends Candidate {
  scores: Record<string, number | undefined>;
  /** Combined reward, undefined when an aspect the reward needs is missing. */
  reward: number | undefined;
  /** Reasons of abstained judgments that touched this candidate. */
  abstentions: string[];
}

/**
 * One judgment behind a pool's scores, as the pool log shows it: which candidates were shown (the
 * first candidate holding each distinct text; pairwise in the order shown), the verdict and the
 * judge's raw answer where it gave one.
 */
export interface PoolVerdict {
  aspect: string;
  candidates: number[];
  sample: number;
  /** A pointwise score, or the pairwise winner. */
  verdict?: number | 'first' | 'second' | 'tie';
  /** Why the judgment abstained. */
  abstained?: string;
  raw?: string;
}

/** All candidates of one window with their scores. */
export interface JudgedPool {
  window: Window;
  candidates: JudgedCandidate[];
  /** Judgments asked / abstained for this pool (abstention rate metrics and skip policy). */
  judgments: { asked: number; abstained: number };
  /** Every judgment of the pool (cache hits included), for the pool log. */
  verdicts?: PoolVerdict[];
}
