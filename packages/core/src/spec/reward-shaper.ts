import type { Candidate } from './candidate-source';

/**
 * Combines per-aspect scores into one reward per candidate (the paper sums them).
 * Returns undefined when a score the reward needs is missing, so that missing judgments are
 * never silently read as 0.
 */
export interface RewardShaper {
  readonly name: string;
  /** Aspects the reward reads (validation: each must have a judge). */
  readonly aspects: readonly string[];
  shape(scores: Readonly<Record<string, number | undefined>>, candidate: Candidate): number | undefined;
}
export const RewardShaper = Symbol.for('spt.RewardShaper');
