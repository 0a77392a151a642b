import type { PairwiseJudge } from './judge';
import type { Tokenizer } from './tokenizer';

/** What a suite may use to draw its prompts. */
export interface EvalPromptOptions {
  /** Prompts per evaluation set. */
  count: number;
  seed: number;
  /** The policy's tokenizer and the run's K, for suites that cut prompts out of documents. */
  tokenizer?: Tokenizer;
  k?: number;
  /**
   * The run's stop signal: a suite whose prompts take long to draw (a held-out set whose task
   * source runs a model) stops drawing when it fires and rejects with its reason.
   */
  signal?: AbortSignal;
}

/** One held-out prompt of an evaluation set. */
export interface EvalPrompt {
  id: string;
  /** Evaluation set, e.g. 'standard', 'unsafe', 'fact'. */
  set: string;
  prefix: string;
  meta?: Record<string, unknown>;
}

/** Continuations of the same prompts by one model (e.g. a checkpoint of an arm). */
export interface EvalContinuations {
  model: string;
  texts: string[];
}

/**
 * A held-out evaluation: prompts (disjoint from training), and scores of a model's continuations
 * of them. Pairwise comparisons between models use `qualityJudges` (both orders, ties half).
 */
export interface EvalSuite {
  readonly name: string;
  prompts(options: EvalPromptOptions): EvalPrompt[] | Promise<EvalPrompt[]>;
  /** Metric name -> value (rates in [0, 1]) for one model's continuations. */
  score(prompts: EvalPrompt[], continuations: EvalContinuations): Promise<Record<string, number>>;
  /** Pairwise judges for win rates, by label (e.g. { quality: full, quality_defects: defects-only }). */
  qualityJudges(): Record<string, PairwiseJudge>;
  /** Releases what the suite opened (judges' connections); called once when evaluation ends. */
  close?(): Promise<void>;
}
