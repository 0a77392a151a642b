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

/** All candidates of one window with their scores. */
export interface JudgedPool {
  window: Window;
  candidates: JudgedCandidate[];
  /** Judgments asked / abstained for this pool (abstention rate metrics and skip policy). */
  judgments: { asked: number; abstained: number };
}
