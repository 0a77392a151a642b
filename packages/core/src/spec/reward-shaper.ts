import type { CandidateLogprobs, SourceName } from './candidate-source';
import type { ScheduleSpec } from './run-config';

/** One candidate of a judged pool, as a reward shaper sees it. */
export interface ShapedCandidate {
  /** `${source}:${i}`, unique within the pool. */
  id: string;
  source: SourceName;
  text: string;
  /** Tokens of the continuation (what a length penalty counts). */
  tokens: number;
  /** Per-aspect scores; undefined where every judgment of the aspect abstained. */
  scores: Readonly<Record<string, number | undefined>>;
  /** The reward so far: the recipe's `reward =` expression, then every shaper before this one. */
  reward: number | undefined;
  /**
   * The continuation's summed log-probs under the policy that sampled the step and under the DPO
   * reference: present when a shaper of the chain declares `needs: ['logprobs']`.
   */
  logprobs?: CandidateLogprobs;
}

/** Where the pool sits in training (schedules in shaper options read `step`). */
export interface ShapeContext {
  /** Step within the phase (what schedules such as `linear(0.5 -> 0, steps 0..100)` count). */
  step: number;
  /** Global step of the run. */
  globalStep: number;
  /** The phase (`<arm>/<phase>` inside an arm). */
  phase: string;
}

/**
 * Turns a judged pool's rewards into new rewards: a plugin of kind `reward`, chained after the
 * recipe's `reward =` expression with `shape <plugin> { ... }` statements, in the order written.
 *
 * `shape` returns one reward per candidate, in pool order; undefined means "no reward" (the
 * candidate can be neither chosen nor rejected), never 0. A shaper should keep undefined for a
 * candidate that came in undefined unless it decides the reward without the missing scores.
 *
 * `scope` is a promise the core relies on when `pairing: knockout` skips pairs:
 * - `candidate`: a candidate's new reward depends only on that candidate (its source, tokens,
 *   scores) and does not decrease when its incoming reward grows (length penalty, bonus, gate);
 * - `pool`: it reads the whole pool. Set `preservesOrder` when it never swaps two candidates'
 *   order (rank, z-score): knockout then still prunes; otherwise knockout plays every candidate.
 */
export interface RewardShaper {
  readonly name: string;
  readonly scope: 'candidate' | 'pool';
  readonly preservesOrder?: boolean;
  /** Aspects the shaper reads (checked: each must have a judge). */
  readonly aspects?: readonly string[];
  /** Extra inputs the core computes only when asked: `logprobs` (one policy and one reference pass per candidate). */
  readonly needs?: ReadonlyArray<'logprobs'>;
  shape(pool: readonly ShapedCandidate[], ctx: ShapeContext): ReadonlyArray<number | undefined>;
}

/** A shaper option that may follow a schedule of the phase step (`linear(0.5 -> 0, steps 0..100)`). */
export type Scheduled = number | ScheduleSpec;
