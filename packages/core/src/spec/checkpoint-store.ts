import type { SourceCursor } from './document-source';
import type { RngState } from '../util/rng';

/** The scheduler's own state in a checkpoint (the backend saves its state beside it). */
export interface RunState {
  /** Schema version of this object. */
  version: 1;
  /** Global optimizer step completed. */
  step: number;
  /** Phase (and arm) being run and the step within it. */
  phase: string;
  arm?: string;
  phaseStep: number;
  cursor: SourceCursor;
  rng: RngState;
  /** Lines already in metrics.jsonl (resume truncates anything after). */
  metricsOffset: number;
  /** Hash of the RunConfig's training settings, to refuse resuming a different recipe. */
  configHash: string;
  /** Hash of each top-level training setting, to say which one changed. */
  configParts: Record<string, string>;
  /** Hash of the evaluation settings but their cadence, to warn when a resume changes them. */
  evalHash?: string;
  extra?: Record<string, unknown>;
}

export interface CheckpointInfo {
  name: string;
  dir: string;
  step: number;
  time: number;
}

/**
 * Atomic checkpoints: `save` writes to a temporary folder (the backend writes its files through
 * `write`), records checksums in a manifest, fsyncs and renames. `latest` returns the newest
 * checkpoint whose manifest verifies, skipping corrupt or partial ones with a warning.
 */
export interface CheckpointStore {
  save(name: string, state: RunState, write: (dir: string) => Promise<void>): Promise<CheckpointInfo>;
  latest(): Promise<{ info: CheckpointInfo; state: RunState } | undefined>;
  list(): Promise<CheckpointInfo[]>;
}
