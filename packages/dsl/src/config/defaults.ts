import type { CheckpointConfig, EvalConfig, PoolLogConfig, JudgingConfig, LrConfig, ObjectiveConfig, TrainConfig, WindowConfig } from '@spt/core';

/**
 * Every default a recipe (or `defineRunConfig`) fills in, in one place. docs/recipes.md lists
 * them with the reasons; change both together.
 */
export const DEFAULTS = {
  /** K = 128 as in the paper; prefixes from 32 tokens up to a 2,048-token sequence. */
  window: { k: 128, prefixMin: 32, prefixMax: 1920, perDocument: 1 } satisfies WindowConfig,
  /** The paper samples rollouts at temperature 1, top-p 1. */
  rollouts: { temperature: 1, topP: 1 },
  judge: { samples: 1, reference: false, pairing: 'all', order: 'both' } as const,
  /** Online DPO is the paper's default; beta 0.1 is the common DPO default (the paper gives none). */
  objective: { kind: 'online_dpo', beta: 0.1, reference: { kind: 'frozen' }, nllAlpha: 0, ties: 'skip' } satisfies ObjectiveConfig,
  lr: { peak: 3e-4, schedule: 'cosine', warmup: 0, minRatio: 0.1 } satisfies LrConfig,
  train: { batch: 16, seed: 0, staleness: 0 } satisfies Omit<TrainConfig, 'lr'>,
  judging: { concurrency: 8, maxAbstention: 0.5, cache: 'memory', timeoutMs: 0 } satisfies JudgingConfig,
  /** A rewrite shorter than K tokens is kept as it is. */
  rewriteFit: 'keep',
  eval: { every: 0, prefixes: 256, against: 'start', seeds: 1 } satisfies EvalConfig,
  checkpoint: { every: 100, keep: 3 } satisfies CheckpointConfig,
  pools: { every: 50, max: 4 } satisfies PoolLogConfig,
  /** Name of the single phase of a recipe without `phase` blocks. */
  mainPhase: 'main',
} as const;

/** Parameters a curriculum may schedule besides source weights (the core reads these by name). */
export const CURRICULUM_PARAMS = ['temperature', 'top_p', 'beta', 'nll_alpha', 'ntp_alpha', 'kl_beta', 'max_abstention'] as const;

/** Source names as the core tags candidates; the recipe writes `rollouts` for `rollout`. */
export const BUILTIN_SOURCES = ['original', 'rewrite', 'rollout'] as const;
