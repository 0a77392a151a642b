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
export const Objective = Symbol.for('spt.Objective');
