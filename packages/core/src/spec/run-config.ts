/**
 * RunConfig: the typed description of a run. A `.spt` recipe compiles to it (packages/dsl) and an
 * embedder can write it directly in TypeScript: two views of one thing. Plain JSON data.
 */

/** A plugin by name with its options, e.g. `{ plugin: 'tfjs.gpt', options: { layers: 4 } }`. */
export interface PluginRef {
  plugin: string;
  options: Record<string, unknown>;
}

/** A number as a function of the step within the phase. */
export type ScheduleSpec =
  | { kind: 'constant'; value: number }
  /** `from` until `start`, linear to `to` at `end`, then `to`. */
  | { kind: 'linear'; from: number; to: number; start: number; end: number }
  /** Half-cosine from `from` (at `start`) to `to` (at `end`). */
  | { kind: 'cosine'; from: number; to: number; start: number; end: number }
  /** values[i] applies from boundaries[i-1] (inclusive) to boundaries[i]; values.length = boundaries.length + 1. */
  | { kind: 'step'; values: number[]; boundaries: number[] };

/**
 * The data source, and the share of its documents held out for evaluation (`data <plugin> { ...,
 * holdout: 0.05 }`): a document is held out when a hash of its id falls below the share, so training
 * never reads it and the `judged` eval suite reads only those, for every data plugin alike.
 */
export interface DataRef extends PluginRef {
  holdout?: number;
}

export interface WindowConfig {
  /** Suffix length K in tokens. */
  k: number;
  prefixMin: number;
  prefixMax: number;
  /** Windows per document (default 1). */
  perDocument: number;
}

export interface RolloutsConfig {
  n: number;
  temperature: number;
  topP: number;
}

export interface CandidatesConfig {
  original: boolean;
  rewrite?: PluginRef;
  rollouts?: RolloutsConfig;
  /** Extra sources from plugins, by name. */
  extra?: Record<string, PluginRef>;
  /**
   * How a rewrite shorter than K tokens is fitted (longer ones are always cut to K):
   * 'keep' (default) keeps it short, 'pad_eos' pads with EOS, 'drop' drops it.
   */
  rewriteFit?: 'keep' | 'pad_eos' | 'drop';
}

export type JudgeMode = 'pairwise' | 'pointwise';

export interface JudgeConfig {
  /** The aspect this judge scores: quality, safety, factuality or any name the reward uses. */
  aspect: string;
  judge: PluginRef;
  mode: JudgeMode;
  /** Judgment samples averaged per candidate (pointwise) or per pair (pairwise). */
  samples: number;
  /** Pass the original suffix as reference (factuality). */
  reference: boolean;
  /**
   * Pairwise only: all pairs (the paper), each candidate against one pivot source, or `knockout`
   * (brackets for the best and the worst: about 3n/2 pairs instead of n(n-1)/2), or `adaptive`:
   * knockout whose matches race to the lead that `confidence` needs under the judge's error rate,
   * estimated from the pool's own first-round disagreements.
   */
  pairing: 'all' | 'knockout' | { pivot: string } | { adaptive: { confidence: number } };
  /** Pairwise only: judge both orders (default) or one random order per pair. */
  order: 'both' | 'random';
}

/** Reward expression over aspect scores. */
export type RewardExpr =
  | { kind: 'number'; value: number }
  | { kind: 'aspect'; name: string }
  | { kind: 'unary'; op: '-' | 'not'; operand: RewardExpr }
  | {
      kind: 'binary';
      op: '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';
      left: RewardExpr;
      right: RewardExpr;
    }
  | { kind: 'call'; fn: 'min' | 'max' | 'clamp'; args: RewardExpr[] }
  | { kind: 'if'; test: RewardExpr; then: RewardExpr; else: RewardExpr };

export type ReferencePolicy = { kind: 'frozen' } | { kind: 'sync'; every: number };

export type ObjectiveConfig =
  | { kind: 'online_dpo'; beta: number; reference: ReferencePolicy; nllAlpha: number; ties: 'skip'; ntpAlpha?: number; pairsPerPool?: number; minGap?: number }
  /** GRPO on the pool's rollouts (variant dr_grpo: no std division, no per-sequence length normalisation). */
  | { kind: 'grpo'; clip: number; klBeta: number; variant: 'grpo' | 'dr_grpo' }
  | { kind: 'rf_nll' }
  | { kind: 'ntp' }
  /** Supervised fine-tuning on one source's candidate, judged or not (paper: "pretrain on rewrites"). */
  | { kind: 'sft'; source: string }
  /** An objective plugin (kind `objective`) by name, e.g. `objective my.best_vs_original { ... }`. */
  | { kind: 'plugin'; plugin: string; options: Record<string, unknown> };

export interface LrConfig {
  peak: number;
  schedule: 'constant' | 'cosine' | 'linear';
  warmup: number;
  /** Final lr as a fraction of peak for cosine/linear (default 0.1). */
  minRatio: number;
}

export interface CurriculumConfig {
  /** Probability that each source joins a prefix's pool, by step; missing sources weigh 1. */
  weights: Record<string, ScheduleSpec>;
  /** Any other scheduled numeric parameter (temperature, beta, ...). */
  params: Record<string, ScheduleSpec>;
  /** A curriculum plugin (kind `curriculum`) that answers weights and parameters instead of the two tables. */
  plugin?: PluginRef;
}

/** A stretch of training with one objective. Fields left out inherit from the run. */
export interface PhaseConfig {
  name: string;
  steps: number;
  objective: ObjectiveConfig;
  lr?: LrConfig;
  candidates?: CandidatesConfig;
  curriculum?: CurriculumConfig;
  /** The phase's reward-shaper chain (`shape` lines inside the phase); replaces the run's. */
  shapers?: PluginRef[];
}

/** A branch that starts from the state after the shared phases (e.g. SIP vs continued NTP). */
export interface ArmConfig {
  name: string;
  phases: PhaseConfig[];
}

export interface TrainConfig {
  /** Prefixes (windows) per step; for ntp, documents per step. */
  batch: number;
  lr: LrConfig;
  seed: number;
  /** 0: strictly on-policy; 1: generate/judge step t+1 while step t updates. */
  staleness: 0 | 1;
  /**
   * Optimizer settings for every backend, forwarded in UpdateOptions. Left out, each backend keeps
   * its own option of the same name (e.g. `policy tfjs.gpt { grad_clip: 1 }`).
   * microBatch: examples per backend micro-batch (gradient accumulation).
   */
  microBatch?: number;
  gradClip?: number;
  weightDecay?: number;
}

export interface JudgingConfig {
  /** Judgments in flight at once. */
  concurrency: number;
  /** Skip a prefix whose share of abstained judgments exceeds this (0..1). */
  maxAbstention: number;
  /** Persistent cache file (SQLite) or 'memory' or 'none'. */
  cache: string;
  /** A judgment taking longer is abandoned as an abstention (ms; 0 or absent = no limit). */
  timeoutMs?: number;
  /**
   * Fail the run after this many steps in a row in which no pool could be used (every pool skipped
   * for abstentions): judges that never answer teach nothing. Absent = 10 (DEFAULT_MAX_UNUSABLE_STEPS).
   */
  maxUnusableSteps?: number;
  /**
   * Send the first judge call of each (judge, window) alone and the window's other calls once it
   * is answered, so a server with prefix caching (vLLM, llama.cpp) prefills the shared prompt once.
   * Changes the order of requests only, never a verdict. Absent = false.
   */
  warmPrefix?: boolean;
}

export interface EvalConfig {
  /**
   * Global steps between evaluation points during training (also at the end of the shared phases
   * and of each arm): the current policy scored on the first seed's prompts, metrics.jsonl
   * `eval/<metric>`. 0: only the evaluation after the run.
   */
  every: number;
  /** Prefixes per evaluation set. */
  prefixes: number;
  /** Arm or checkpoint compared against ('start' = the checkpoint the arms branch from). */
  against: string;
  /** Seeds for evaluation sampling / prefix draws. */
  seeds: number;
  /**
   * Base of the evaluation prompt draws (see `evalPromptSeed`). Unset: the training seed, so each
   * replicate run (`spt run --seed`) is scored on its own prefixes. Set it to score replicate runs
   * on the same prefixes, so their spread is training variation only.
   */
  promptSeed?: number;
  /** The EvalSuite plugin (default: the data plugin's own suite, e.g. `testbed.eval`). */
  suite?: PluginRef;
}

export interface CheckpointConfig {
  every: number;
  keep: number;
}

/**
 * The pool log (`pools every N { max: M }`): every N global steps, up to M whole judged pools of
 * the step go to `pools.jsonl` in the scope's folder (the run folder, or `arms/<arm>/`).
 */
export interface PoolLogConfig {
  every: number;
  max: number;
}

export interface RunConfig {
  name: string;
  /** npm packages (or paths) whose default export is an spt plugin package. */
  uses: string[];
  data: DataRef;
  policy: PluginRef;
  /** Start from an existing checkpoint or model directory instead of fresh weights. */
  init?: { from: string };
  window: WindowConfig;
  candidates: CandidatesConfig;
  judges: JudgeConfig[];
  reward: RewardExpr;
  /**
   * Reward-shaper plugins (kind `reward`) applied in order after the `reward` expression, one
   * `shape <plugin> { ... }` line each (e.g. length_penalty, gate, source_bonus, normalize).
   */
  shapers?: PluginRef[];
  curriculum: CurriculumConfig;
  train: TrainConfig;
  /** Shared phases, run in order. A recipe with one objective has one phase named 'main'. */
  phases: PhaseConfig[];
  /** Optional branches from the end of the shared phases. */
  arms: ArmConfig[];
  judging: JudgingConfig;
  eval?: EvalConfig;
  checkpoint: CheckpointConfig;
  /** The pool log; absent = off. */
  pools?: PoolLogConfig;
  /** Extra metrics sinks (plugins of kind 'metrics', e.g. tensorboard); metrics.jsonl is always written. */
  metrics?: PluginRef[];
  /** Run observers (plugins of kind 'observer'): each sees every run event, like an embedder's `observers`. */
  observers?: PluginRef[];
  /** Where the recipe came from, for messages. */
  source?: { file: string };
}
