import type { Usage } from './completion-model';
import type { JudgeCallContext } from './judge';

export interface RewriteInput {
  prefix: string;
  /** The original suffix to improve. */
  suffix: string;
  /** Target length in tokens (K); the core trims or pads to exactly K tokens afterwards. */
  k: number;
  meta?: Record<string, unknown>;
}

export type RewriteResult =
  | { ok: true; text: string; usage?: Usage }
  | { ok: false; reason: string; raw?: string; usage?: Usage };

/**
 * Rewrites the suffix so that it continues the prefix better: copies good suffixes unchanged,
 * corrects facts, steers unsafe text to a safe continuation while keeping the prefix.
 */
export interface Rewriter {
  readonly name: string;
  readonly version: string;
  rewrite(input: RewriteInput, ctx: JudgeCallContext): Promise<RewriteResult>;
  /** Releases models and connections (called once at the end of a run). */
  close?(): Promise<void>;
}
