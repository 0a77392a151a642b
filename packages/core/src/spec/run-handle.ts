import type { ServiceBinding } from './services';
import type { PluginPackage } from './plugin';
import type { RunConfig } from './run-config';
import type { RunEvent, RunObserver } from './run-observer';

/** How to start a run from an embedding program (the CLI is one such program). */
export interface CreateRunOptions {
  /** Plugin packages to load (built-ins and any third-party ones). */
  plugins: readonly PluginPackage[];
  /** Folder for checkpoints, metrics.jsonl, events and reports. */
  runDir: string;
  /** Aborting finishes the current step, writes a resumable checkpoint and ends with 'aborted'. */
  signal?: AbortSignal;
  observers?: readonly RunObserver[];
  /** 'auto' (default): resume from the latest good checkpoint in runDir if there is one. */
  resume?: 'auto' | 'never' | 'require';
  /**
   * Environment lookups (secrets named by env("NAME") in recipes): a record, or a function as
   * `compileRecipe` takes it, so one lookup serves both. Default: process.env.
   */
  env?: Record<string, string | undefined> | ((name: string) => string | undefined);
  /**
   * Services bound in the run's container in place of the core's defaults, e.g.
   * `[provide(Services.logger, myLogger), provide(Services.judgmentCache, myCache)]`: every plugin
   * (and the run itself) that asks for the service gets these.
   */
  services?: readonly ServiceBinding[];
  /**
   * Treat SIGINT / SIGTERM like `signal`: finish the step, checkpoint, end 'aborted'; a second
   * signal stops the process at once (default false: an embedding program owns its signals).
   */
  handleSignals?: boolean;
  /**
   * false: skip the evaluation points of `eval every N` during training (default true). Training
   * itself is the same either way, and a run may resume with a different choice.
   */
  evaluate?: boolean;
}

export interface RunResult {
  status: 'completed' | 'aborted' | 'failed';
  /**
   * Steps completed: the shared phases' plus each arm's own (arms branch from the same start, so
   * a run with 600 shared steps and two 150-step arms reports 900), also when it failed.
   */
  steps: number;
  runDir: string;
  /** Checkpoint folders by phase/arm end, e.g. { start: '.../ckpt-...', sip: '...' }. */
  checkpoints: Record<string, string>;
  error?: Error;
}

/** A started run: typed events as an async iterable, and the final result. */
export interface RunHandle {
  readonly runDir: string;
  events(): AsyncIterable<RunEvent>;
  result(): Promise<RunResult>;
  abort(reason?: string): void;
}
