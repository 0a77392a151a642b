import type { Judgment, PairwiseJudgment } from './judge';
import type { RewriteResult } from './rewriter';

/** What the cache holds: judgments, and rewrites (an LLM rewrite costs more than a verdict). */
export type CachedJudgment = Judgment | PairwiseJudgment | RewriteResult;

/**
 * Remembers judgments by key (judge name + version + model + inputs), so a resumed or repeated
 * run pays for nothing twice. Abstentions are not cached.
 */
export interface JudgmentCache {
  get(key: string): Promise<CachedJudgment | undefined>;
  set(key: string, value: CachedJudgment): Promise<void>;
  close?(): Promise<void>;
}
