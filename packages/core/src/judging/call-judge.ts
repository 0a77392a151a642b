import { SptError } from '../errors';
import type { JudgeCallContext, Judgment, PairwiseJudgment } from '../spec/judge';

/** Judge errors that no retry or abstention can fix: the user must change the setup. */
export const FATAL_CODES = new Set(['completion.auth', 'completion.not-found']);

/**
 * Runs one judge call, turning every failure into data: an exception, a timeout or an answer
 * that breaks the contract (score outside [0, 1], unknown winner) becomes an abstention with a
 * reason. `timeoutMs` <= 0 means no timeout; on timeout the call's signal is aborted.
 */
export async function callSafely<T extends Judgment | PairwiseJudgment>(
  call: (ctx: JudgeCallContext) => Promise<T>,
  ctx: JudgeCallContext,
  timeoutMs: number,
  validate: (result: T) => string | undefined,
): Promise<T | { ok: false; reason: string }> {
  // An AbortController only when something can abort the call (it costs more than the bookkeeping).
  const controller = timeoutMs > 0 || ctx.signal ? new AbortController() : undefined;
  const onAbort = () => controller?.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  try {
    const pending = call({ ...ctx, signal: controller?.signal });
    const result =
      timeoutMs > 0
        ? await Promise.race([
            pending,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => {
                controller?.abort();
                reject(new Error(`timed out after ${timeoutMs} ms`));
              }, timeoutMs);
            }),
          ])
        : await pending;
    if (!result || typeof result !== 'object') return { ok: false, reason: `judge returned ${String(result)}` };
    if (!result.ok) return { ...result, reason: String(result.reason || 'no reason given') };
    const problem = validate(result);
    return problem ? { ok: false, reason: problem } : result;
  } catch (e) {
    // Misconfiguration (a wrong key, an unknown model) would abstain on every call: stop the run instead.
    if (SptError.is(e) && FATAL_CODES.has(e.code)) throw e;
    return { ok: false, reason: `judge failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    if (timer) clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}

export const validPointwise = (r: Judgment): string | undefined =>
  r.ok && !(typeof r.score === 'number' && r.score >= 0 && r.score <= 1) ? `score ${String(r.score)} outside [0, 1]` : undefined;

export const validPairwise = (r: PairwiseJudgment): string | undefined =>
  r.ok && !['first', 'second', 'tie'].includes(r.winner) ? `unknown winner ${JSON.stringify(r.winner)}` : undefined;
