import type { JudgedPool } from '../spec/judged-pool';
import type { Objective, ObjectiveInput, ObjectiveOutput } from '../spec/objective';
import type { UpdateBatch } from '../spec/policy-backend';
import type { ObjectiveConfig } from '../spec/run-config';

export type { ObjectiveOutput, PoolPick } from '../spec/objective';

/**
 * A built-in objective: the spec's Objective plus what the scheduler needs to know to prepare
 * the step (whether judges run, which sources are worth producing) and the per-pool picks for
 * chosen-rate metrics.
 */
export interface CoreObjective extends Objective {
  readonly kind: ObjectiveConfig['kind'];
  /** False for ntp and sft: no judge is called. */
  readonly needsJudging: boolean;
  /** Only these sources are produced (sft); undefined = all configured sources. */
  readonly onlySources?: readonly string[];
  /** Update kinds a plugin objective's batches use (built-ins are checked from their config). */
  readonly updates?: ReadonlyArray<UpdateBatch['kind']>;
  /** A plugin objective that reads the reference model: synced at the phase start. */
  readonly usesReference?: boolean;
  /** Pure build: same input, same output. */
  run(input: ObjectiveInput): ObjectiveOutput;
}

/** Adapts a pure `run` into the spec's stateful `build` + `lastStats`. */
export function asObjective(
  base: Omit<CoreObjective, 'build' | 'lastStats'>,
): CoreObjective {
  let last: Record<string, number> = {};
  return {
    ...base,
    build(input) {
      const out = base.run(input);
      last = out.stats;
      return out.batch;
    },
    lastStats: () => last,
  };
}

/** Rewards of a pool's candidates in order. */
export function poolRewards(pool: JudgedPool): Array<number | undefined> {
  return pool.candidates.map((c) => c.reward);
}
