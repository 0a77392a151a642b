import type {
  CheckpointConfig,
  PoolLogConfig,
  EvalConfig,
  JudgeConfig,
  JudgeMode,
  JudgingConfig,
  LrConfig,
  ReferencePolicy,
  RewardExpr,
  ScheduleSpec,
  TrainConfig,
  WindowConfig,
} from '@spt/core';

/** A plugin by name (no options) or by name with options. */
export type PluginRefInput = string | { plugin: string; options?: Record<string, unknown> };

/** A schedule, or a plain number for a constant. */
export type ScheduleInput = number | ScheduleSpec;

export interface CandidatesInput {
  /** Include the document's own suffix (default true). */
  original?: boolean;
  rewrite?: PluginRefInput;
  rollouts?: { n: number; temperature?: number; topP?: number };
  extra?: Record<string, PluginRefInput>;
  /** How a rewrite shorter than K is fitted (default 'keep' when there is a rewrite). */
  rewriteFit?: 'keep' | 'pad_eos' | 'drop';
}

export interface JudgeInput {
  aspect: string;
  judge: PluginRefInput;
  mode?: JudgeMode;
  samples?: number;
  reference?: boolean;
  pairing?: JudgeConfig['pairing'];
  order?: 'both' | 'random';
}

export interface CurriculumInput {
  weights?: Record<string, ScheduleInput>;
  params?: Record<string, ScheduleInput>;
  /** `curriculum <plugin> { <options> }`: a curriculum plugin instead of the schedule block. */
  plugin?: PluginRefInput;
}

export type ObjectiveInput =
  | { kind: 'online_dpo'; beta?: number; reference?: ReferencePolicy; nllAlpha?: number; ntpAlpha?: number; pairsPerPool?: number; minGap?: number; ties?: 'skip' }
  | { kind: 'grpo'; clip?: number; klBeta?: number; variant?: 'grpo' | 'dr_grpo' }
  | { kind: 'rf_nll' }
  | { kind: 'ntp' }
  | { kind: 'sft'; source: string }
  /** An objective plugin (kind `objective`), named `<package>.<what>`. */
  | { kind: 'plugin'; plugin: string; options?: Record<string, unknown> };

export interface PhaseInput {
  name: string;
  steps: number;
  /** Defaults to the run's `objective`. */
  objective?: ObjectiveInput;
  lr?: Partial<LrConfig> | number;
  candidates?: CandidatesInput;
  curriculum?: CurriculumInput;
  /** The phase's own reward-shaper chain (replaces the run's). */
  shapers?: PluginRefInput[];
}

export interface ArmInput {
  name: string;
  phases: PhaseInput[];
}

/**
 * What an embedder writes to describe a run in TypeScript: a RunConfig where everything with a
 * default may be left out. `defineRunConfig` fills the same defaults as the recipe compiler.
 */
export interface RunConfigInput {
  name: string;
  uses?: string[];
  /** `holdout`: the share of documents kept out of training for the judged eval suite (see DataRef). */
  data: string | { plugin: string; options?: Record<string, unknown>; holdout?: number };
  policy: PluginRefInput;
  init?: { from: string };
  window?: Partial<WindowConfig>;
  candidates?: CandidatesInput;
  judges?: JudgeInput[];
  /** Defaults to the sum of the judged aspects. */
  reward?: RewardExpr;
  /** Reward shapers (plugins of kind 'reward') applied in order after `reward`. */
  shapers?: PluginRefInput[];
  curriculum?: CurriculumInput;
  /** Steps of the single phase `main`, used when `phases` is empty. */
  steps?: number;
  /** The objective of `main`, and of any phase that names none. */
  objective?: ObjectiveInput;
  train?: Partial<Omit<TrainConfig, 'lr'>> & { lr?: Partial<LrConfig> | number };
  phases?: PhaseInput[];
  arms?: ArmInput[];
  judging?: Partial<JudgingConfig>;
  eval?: Partial<Omit<EvalConfig, 'suite'>> & { suite?: PluginRefInput };
  checkpoint?: Partial<CheckpointConfig>;
  pools?: Partial<PoolLogConfig>;
  /** Extra metrics sinks (plugins of kind 'metrics'). */
  metrics?: PluginRefInput[];
  /** Run observers (plugins of kind 'observer'): see every run event. */
  observers?: PluginRefInput[];
  source?: { file: string };
}
