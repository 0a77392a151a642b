import type { LimitFunction } from 'p-limit';
import type { JudgeCallContext, Judgment, PairwiseJudge, PairwiseJudgment, PointwiseJudge } from '../spec/judge';
import type { JudgmentCache } from '../spec/judgment-cache';
import { deriveSeed } from '../util/rng';
import { hashText, judgmentKey, stableStringify } from './cache-key';
import { callSafely, validPairwise, validPointwise } from './call-judge';
import type { PrefixGate } from './prefix-gate';

/** What guarded calls share: the run's cache, concurrency limit and timeout, and their counters. */
export interface JudgeGuard {
  cache?: JudgmentCache;
  limit: LimitFunction;
  timeoutMs: number;
  /** Seeds of the calls derive from this, the aspect and the inputs (same inputs, same seed). */
  seed: number;
  signal?: AbortSignal;
  /** The training step, for cost accounting (absent in evaluation). */
  step?: number;
  /** `judging { warm_prefix: true }`: the first call of each (judge, context) goes alone (see prefix-gate.ts). */
  gate?: PrefixGate;
  counts: { asked: number; cacheHits: number; abstained: number; byAspect: Record<string, { asked: number; abstained: number }> };
}

export function newJudgeGuard(args: Omit<JudgeGuard, 'counts'>): JudgeGuard {
  return { ...args, counts: { asked: 0, cacheHits: 0, abstained: 0, byAspect: {} } };
}

type Answer = Judgment | PairwiseJudgment;

/**
 * One judge call, as the pool and the evaluation both make it: keyed and cached by the judge's
 * identity, the hash of what the judgments share (`context`: prefix, reference, meta), the hashes
 * of the shown texts, sample and seed; run under the shared concurrency limit and timeout; failures
 * turned into abstentions; every call, cache hit and abstention counted in `g.counts`.
 */
export async function askJudge<T extends Answer>(
  g: JudgeGuard,
  who: { identity: string; aspect: string; mode: 'pointwise' | 'pairwise'; sources?: readonly string[] },
  context: string,
  hashes: readonly string[],
  sample: number,
  call: (ctx: JudgeCallContext) => Promise<T>,
  validate: (r: T) => string | undefined,
): Promise<T | { ok: false; reason: string }> {
  const seed = deriveSeed(g.seed, 'judge', who.aspect, sample, context, ...hashes);
  const key = judgmentKey({ judgeId: who.identity, mode: who.mode, context, texts: hashes, sample, seed });
  const per = (g.counts.byAspect[who.aspect] ??= { asked: 0, abstained: 0 });
  g.counts.asked++;
  per.asked++;
  const cached = g.cache ? ((await g.cache.get(key)) as T | undefined) : undefined;
  if (cached?.ok) {
    g.counts.cacheHits++;
    return cached;
  }
  const callCtx = { seed, sample, signal: g.signal, step: g.step, aspect: who.aspect, ...(who.sources ? { sources: who.sources } : {}) };
  const pass = g.gate ? await g.gate.enter(`${who.identity}\u0000${context}`) : undefined;
  let result: T | { ok: false; reason: string };
  try {
    result = await g.limit(() => callSafely<T>(call, callCtx, g.timeoutMs, validate));
  } finally {
    pass?.done();
  }
  if (result.ok) {
    if (g.cache) await g.cache.set(key, result);
  } else {
    g.counts.abstained++;
    per.abstained++;
  }
  return result;
}

/** A judgment outside a pool (evaluation): the context and text hashes computed here. */
function guarded<T extends Answer>(
  g: JudgeGuard,
  who: { identity: string; aspect: string; mode: 'pointwise' | 'pairwise' },
  shared: { prefix: string; reference?: string; meta?: Record<string, unknown> },
  texts: readonly string[],
  sample: number,
  call: (ctx: JudgeCallContext) => Promise<T>,
  validate: (r: T) => string | undefined,
): Promise<T | { ok: false; reason: string }> {
  return askJudge(g, who, hashText(stableStringify(shared)), texts.map(hashText), sample, call, validate);
}

/** The pointwise judge behind the guard: same interface, never throws (but for fatal setup errors). */
export function guardPointwise(judge: PointwiseJudge, identity: string, aspect: string, g: JudgeGuard): PointwiseJudge {
  return {
    kind: 'pointwise',
    name: judge.name,
    version: judge.version,
    judge: (input, ctx) =>
      guarded(g, { identity, aspect, mode: 'pointwise' }, { prefix: input.prefix, reference: input.reference, meta: input.meta }, [input.candidate], ctx.sample, (c) => judge.judge(input, c), validPointwise),
  };
}

/** The pairwise judge behind the guard (both texts in the order shown are part of the key). */
export function guardPairwise(judge: PairwiseJudge, identity: string, aspect: string, g: JudgeGuard): PairwiseJudge {
  return {
    kind: 'pairwise',
    name: judge.name,
    version: judge.version,
    compare: (input, ctx) =>
      guarded(g, { identity, aspect, mode: 'pairwise' }, { prefix: input.prefix, reference: input.reference, meta: input.meta }, [input.first, input.second], ctx.sample, (c) => judge.compare(input, c), validPairwise),
  };
}
