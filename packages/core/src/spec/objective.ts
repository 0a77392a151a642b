import type { Document } from './document-source';
import type { JudgedPool } from './judged-pool';
import type { UpdateBatch } from './policy-backend';

export interface ObjectiveInput {
  /** Judged pools of this step (empty for objectives that need no candidates, e.g. ntp). */
  pools: JudgedPool[];
  /** Token ids of this step's documents (for ntp). */
  documents: Array<{ doc: Document; tokens: number[] }>;
  step: number;
}

/** Turns a judged step into an update batch; undefined when nothing is left to learn from. */
export interface Objective {
  readonly name: string;
  /** Whether the objective needs a candidate pool (false: documents only, e.g. ntp). */
  readonly needsPool: boolean;
  build(input: ObjectiveInput): UpdateBatch | undefined;
  /** Counts from the last build (pairs formed, ties skipped, ...), for metrics. */
  lastStats?(): Record<string, number>;
}

/** What an objective took from one pool: candidate indices, or why it took nothing (for chosen-rate metrics). */
export interface PoolPick {
  chosen?: number;
  rejected?: number;
  /** Further rejected candidates paired with the same chosen one (online_dpo `pairs_per_pool` > 1). */
  alsoRejected?: number[];
  skip?: 'tie' | 'no-reward' | 'single' | 'no-source' | (string & {});
}

/** One step's update as a pure value: the batch (undefined: nothing to learn), per-pool picks, counts. */
export interface ObjectiveOutput {
  batch: UpdateBatch | undefined;
  /** One pick per pool given (empty for objectives without pools). */
  picks: PoolPick[];
  stats: Record<string, number>;
}

/** Where the step sits, for an objective plugin. */
export interface ObjectiveContext {
  /** Step within the phase (what schedules count). */
  phaseStep: number;
  /** The run's seed (derive per-step draws from it and `input.step`). */
  seed: number;
  /** The window's K (suffix tokens). */
  k: number;
  /** A curriculum parameter scheduled in the recipe at this step, if any (e.g. `beta`). */
  scheduled(parameter: string): number | undefined;
}

/**
 * An objective plugin (kind `objective`): turns a step's judged pools (or documents) into one
 * update batch of a kind the backend implements (`ntp`, `nll`, `dpo`, `grpo`). A recipe names it
 * like a built-in: `objective <plugin> { <options> }` (plugin names are dotted, `<package>.<what>`).
 */
export interface ObjectivePlugin {
  readonly name: string;
  /** Whether the step builds candidate pools (false: documents only, like ntp). */
  readonly needsPool: boolean;
  /** Whether the pools are judged (false: no judge call, like sft). */
  readonly needsJudging: boolean;
  /** Only these candidate sources are produced; undefined = every source of the recipe. */
  readonly onlySources?: readonly string[];
  /** Update kinds the batches use: checked against the backend before the phase starts. */
  readonly updates: ReadonlyArray<UpdateBatch['kind']>;
  /** The backend's reference model is synced to the policy at the phase start (dpo, grpo with KL). */
  readonly usesReference?: boolean;
  /** Pure: same input, same output. */
  run(input: ObjectiveInput, ctx: ObjectiveContext): ObjectiveOutput;
}
