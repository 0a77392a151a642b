import type { Usage } from './completion-model';

/** What a judge saw and how to reproduce a sample. */
export interface JudgeCallContext {
  /** Seed of this judgment sample (derived from run seed, step, window, candidates, sample). */
  seed: number;
  /** Index of the sample when a judge is sampled several times. */
  sample: number;
  signal?: AbortSignal;
  /** For cost accounting (optional, set by the scheduler): the training step of this call. */
  step?: number;
  /** For cost accounting: the recipe's aspect name (quality, safety, ...; 'rewrite' for rewriters). */
  aspect?: string;
  /** For cost accounting: the candidate source(s) judged (pairwise: both, in order). */
  sources?: readonly string[];
}

/** A pointwise verdict in [0, 1], or an abstention with its reason. Never thrown. */
export type Judgment =
  | { ok: true; score: number; raw?: string; usage?: Usage }
  | { ok: false; reason: string; raw?: string; usage?: Usage };

export interface PointwiseInput {
  /** The text the candidate continues: the window's prefix, or a task's `meta.judge_prefix` (judgePrefix). */
  prefix: string;
  candidate: string;
  /** The original suffix, for judges that compare against a reference (factuality). */
  reference?: string;
  /** The document's meta (see Window.meta). */
  meta?: Record<string, unknown>;
}

/** Scores one continuation on one aspect (safety, factuality, ...). */
export interface PointwiseJudge {
  readonly kind: 'pointwise';
  readonly name: string;
  /** Changes whenever the prompt or rules change, so cached judgments are not reused wrongly. */
  readonly version: string;
  judge(input: PointwiseInput, ctx: JudgeCallContext): Promise<Judgment>;
  /** Releases models and connections (called once at the end of a run). */
  close?(): Promise<void>;
}

export interface PairwiseInput {
  /** As PointwiseInput.prefix. */
  prefix: string;
  first: string;
  second: string;
  reference?: string;
  meta?: Record<string, unknown>;
}

export type PairwiseJudgment =
  | { ok: true; winner: 'first' | 'second' | 'tie'; raw?: string; usage?: Usage }
  | { ok: false; reason: string; raw?: string; usage?: Usage };

/** Says which of two continuations of the same prefix is better (quality). */
export interface PairwiseJudge {
  readonly kind: 'pairwise';
  readonly name: string;
  readonly version: string;
  compare(input: PairwiseInput, ctx: JudgeCallContext): Promise<PairwiseJudgment>;
  /** Releases models and connections (called once at the end of a run). */
  close?(): Promise<void>;
}

export type AnyJudge = PointwiseJudge | PairwiseJudge;
