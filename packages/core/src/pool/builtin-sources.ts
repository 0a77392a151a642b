import pLimit from 'p-limit';
import type { Candidate, CandidateBatch, CandidateSource, SourceContext } from '../spec/candidate-source';
import type { JudgeCallContext } from '../spec/judge';
import type { JudgmentCache } from '../spec/judgment-cache';
import type { Rewriter, RewriteInput, RewriteResult } from '../spec/rewriter';
import { hashText, judgmentKey, stableStringify } from '../judging/cache-key';
import type { RolloutsConfig } from '../spec/run-config';
import type { Window } from '../spec/windower';
import { deriveSeed } from '../util/rng';
import { fitToK, type FitRule } from './fit-tokens';

/** SourceContext plus the position of each window in the step's batch (seeds derive from it). */
export interface CoreSourceContext extends SourceContext {
  positions?: readonly number[];
  /** Step within the phase (schedules); `step` is the global step (seeds). */
  phaseStep?: number;
}

const position = (ctx: CoreSourceContext, i: number) => ctx.positions?.[i] ?? i;

/** `original`: the document's own K-token suffix. */
export function createOriginalSource(): CandidateSource {
  return {
    name: 'original',
    produce: async (windows) => ({
      candidates: windows.map((w) => [{ id: 'original:0', source: 'original', text: w.suffix, tokens: [...w.suffixTokens] }]),
    }),
  };
}

/**
 * `rollout`: n samples of K tokens per prefix from the current policy, every window's samples in
 * ONE batched generate call. Seeds: deriveSeed(seed, 'rollout', step, window position, sample).
 * `sampling(step)` gives temperature / top-p (curriculum parameters may schedule them).
 */
export function createRolloutSource(sampling: (step: number) => RolloutsConfig): CandidateSource {
  return {
    name: 'rollout',
    async produce(windows: Window[], ctx: CoreSourceContext): Promise<CandidateBatch> {
      const { n, temperature, topP } = sampling(ctx.phaseStep ?? ctx.step);
      const prompts: number[][] = [];
      const seeds: number[] = [];
      windows.forEach((w, i) => {
        for (let s = 0; s < n; s++) {
          prompts.push(w.prefixTokens);
          seeds.push(deriveSeed(ctx.seed, 'rollout', ctx.step, position(ctx, i), s));
        }
      });
      if (prompts.length === 0) return { candidates: windows.map(() => []), tokens: 0 };
      const { tokens } = await ctx.backend.generate({
        prompts,
        maxNewTokens: ctx.k,
        temperature,
        topP,
        seeds,
        signal: ctx.signal,
      });
      const tokenizer = ctx.backend.tokenizer;
      const candidates = windows.map((_, i) =>
        Array.from({ length: n }, (_, s): Candidate => {
          const t = tokens[i * n + s];
          return { id: `rollout:${s}`, source: 'rollout', text: tokenizer.decode(t), tokens: t };
        }),
      );
      return { candidates, tokens: tokens.reduce((a, t) => a + t.length, 0) };
    },
  };
}

/**
 * `rewrite`: the Rewriter's version of each window's suffix, tokenized and fitted to K by `fit`
 * (see fitToK). A failed rewrite (abstention, exception, dropped by `fit`) leaves that window
 * without a rewrite and a reason in `failures`; it never stops the run.
 */
export function createRewriteSource(
  rewriter: Rewriter,
  options: { fit: FitRule; concurrency: number; cache?: JudgmentCache; identity?: string },
): CandidateSource {
  const { cache, identity = `${rewriter.name}@${rewriter.version}` } = options;
  /** The rewrite of a window, from the cache when this rewriter already wrote it for the same input and seed. */
  const rewriteOf = async (input: RewriteInput, callCtx: JudgeCallContext): Promise<RewriteResult> => {
    const key = cache && judgmentKey({ judgeId: identity, mode: 'rewrite', context: hashText(stableStringify({ prefix: input.prefix, meta: input.meta, k: input.k })), texts: [hashText(input.suffix)], sample: 0, seed: callCtx.seed });
    const hit = key ? await cache?.get(key) : undefined;
    if (hit && hit.ok && 'text' in hit) return hit;
    const r = await rewriter.rewrite(input, callCtx);
    if (key && r.ok) await cache?.set(key, r);
    return r;
  };
  const limit = pLimit(Math.max(1, options.concurrency));
  return {
    name: 'rewrite',
    async produce(windows: Window[], ctx: CoreSourceContext): Promise<CandidateBatch> {
      const tokenizer = ctx.backend.tokenizer;
      const results = await Promise.all(
        windows.map((w, i) =>
          limit(async (): Promise<Candidate | string> => {
            const callCtx = {
              seed: deriveSeed(ctx.seed, 'rewrite', ctx.step, position(ctx, i)),
              sample: 0,
              signal: ctx.signal,
              step: ctx.step,
              aspect: 'rewrite',
              sources: ['rewrite'],
            };
            let text: string;
            try {
              const r = await rewriteOf({ prefix: w.prefix, suffix: w.suffix, k: ctx.k, meta: w.meta }, callCtx);
              if (!r.ok) return `rewriter abstained: ${r.reason}`;
              text = r.text;
            } catch (e) {
              return `rewriter threw: ${(e as Error).message ?? String(e)}`;
            }
            const tokens = fitToK(tokenizer.encode(text), ctx.k, options.fit, tokenizer.eos);
            if (!tokens) return `rewrite shorter than K dropped (fit: ${options.fit})`;
            return { id: 'rewrite:0', source: 'rewrite', text: tokenizer.decode(tokens), tokens };
          }),
        ),
      );
      return {
        candidates: results.map((r) => (typeof r === 'string' ? [] : [r])),
        failures: results.map((r) => (typeof r === 'string' ? r : undefined)),
      };
    },
  };
}
