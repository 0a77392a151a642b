import type {
  JudgeCallContext,
  Judgment,
  PairwiseInput,
  PairwiseJudge,
  PairwiseJudgment,
  PointwiseInput,
  PointwiseJudge,
} from '../spec/judge';
import { createRng } from '../util/rng';

/** A recorded judge call. */
export interface JudgeCall<I> {
  input: I;
  ctx: JudgeCallContext;
}

export type ScriptedPointwise = (input: PointwiseInput, ctx: JudgeCallContext) => Judgment | number | Promise<Judgment | number>;
export type ScriptedPairwise = (
  input: PairwiseInput,
  ctx: JudgeCallContext,
) => PairwiseJudgment | 'first' | 'second' | 'tie' | Promise<PairwiseJudgment | 'first' | 'second' | 'tie'>;

/** A pointwise judge answering from a script function; every call is recorded in `calls`. */
export function createScriptedPointwiseJudge(
  script: ScriptedPointwise,
  meta: { name?: string; version?: string } = {},
): PointwiseJudge & { calls: Array<JudgeCall<PointwiseInput>> } {
  const calls: Array<JudgeCall<PointwiseInput>> = [];
  return {
    kind: 'pointwise',
    name: meta.name ?? 'scripted.pointwise',
    version: meta.version ?? '1',
    calls,
    async judge(input, ctx) {
      calls.push({ input, ctx });
      const r = await script(input, ctx);
      return typeof r === 'number' ? { ok: true, score: r } : r;
    },
  };
}

/** A pairwise judge answering from a script function; every call is recorded in `calls`. */
export function createScriptedPairwiseJudge(
  script: ScriptedPairwise,
  meta: { name?: string; version?: string } = {},
): PairwiseJudge & { calls: Array<JudgeCall<PairwiseInput>> } {
  const calls: Array<JudgeCall<PairwiseInput>> = [];
  return {
    kind: 'pairwise',
    name: meta.name ?? 'scripted.pairwise',
    version: meta.version ?? '1',
    calls,
    async compare(input, ctx) {
      calls.push({ input, ctx });
      const r = await script(input, ctx);
      return typeof r === 'string' ? { ok: true, winner: r } : r;
    },
  };
}

/** Share of characters that are lowercase ASCII letters or spaces (0 for empty text). */
export function cleanliness(text: string): number {
  if (text.length === 0) return 0;
  let clean = 0;
  for (const ch of text) if ((ch >= 'a' && ch <= 'z') || ch === ' ') clean++;
  return clean / [...text].length;
}

/** Fault injection shared by the mock judges: abstain or throw with seeded probabilities. */
export interface FaultOptions {
  abstainRate?: number;
  throwRate?: number;
}

function fault(ctx: JudgeCallContext, f: FaultOptions): Judgment | undefined {
  const rng = createRng(ctx.seed);
  const u = rng.next();
  if (u < (f.throwRate ?? 0)) throw new Error('mock judge: injected failure');
  if (u < (f.throwRate ?? 0) + (f.abstainRate ?? 0)) return { ok: false, reason: 'mock judge: injected abstention' };
  return undefined;
}

/** `mock.clean` (pointwise): score = cleanliness of the candidate. */
export function createCleanPointwiseJudge(f: FaultOptions = {}) {
  return createScriptedPointwiseJudge((input, ctx) => fault(ctx, f) ?? cleanliness(input.candidate), { name: 'mock.clean' });
}

/**
 * `mock.prefer_clean` (pairwise): prefers the cleaner continuation; equal within 1e-9 is a tie.
 * `positionBias` p: with probability p it answers 'first' whatever it sees (to test order control).
 */
export function createCleanPairwiseJudge(f: FaultOptions & { positionBias?: number } = {}) {
  return createScriptedPairwiseJudge(
    (input, ctx) => {
      const failed = fault(ctx, f);
      if (failed && !failed.ok) return failed;
      if (createRng(ctx.seed ^ 0x5bd1e995).next() < (f.positionBias ?? 0)) return 'first';
      const d = cleanliness(input.first) - cleanliness(input.second);
      return Math.abs(d) < 1e-9 ? 'tie' : d > 0 ? 'first' : 'second';
    },
    { name: 'mock.prefer_clean' },
  );
}
