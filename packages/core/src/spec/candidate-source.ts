import type { PolicyBackend } from './policy-backend';
import type { Window } from './windower';

/** Built-in candidate sources; plugins may add more (any string). */
export type SourceName = 'original' | 'rewrite' | 'rollout' | (string & {});

/** One continuation of a window's prefix, tagged with where it came from. */
export interface Candidate {
  /** Unique within the pool: `${source}:${i}`. */
  id: string;
  source: SourceName;
  text: string;
  tokens: number[];
  meta?: Record<string, unknown>;
  /** Summed log-probs of `tokens` given the prefix under the policy and the reference, when a reward shaper asks for them. */
  logprobs?: CandidateLogprobs;
}

export interface CandidateLogprobs {
  policy: number;
  reference: number;
}

export interface SourceContext {
  backend: PolicyBackend;
  step: number;
  /** Run seed; derive per-window/per-sample seeds from it with deriveSeed. */
  seed: number;
  k: number;
  signal?: AbortSignal;
}

/**
 * Produces candidates for a batch of windows at once (rollouts of a whole step decode in one
 * batched loop). Returns one list per window, in order. A failure for one window is an empty
 * list plus a `meta.error` on nothing: sources report failures through `failures`.
 */
export interface CandidateSource {
  readonly name: SourceName;
  produce(windows: Window[], ctx: SourceContext): Promise<CandidateBatch>;
}

export interface CandidateBatch {
  candidates: Candidate[][];
  /** Per-window failure reasons (e.g. the rewriter abstained); undefined where it worked. */
  failures?: Array<string | undefined>;
  /** Tokens generated or read by the source (for throughput metrics). */
  tokens?: number;
}
