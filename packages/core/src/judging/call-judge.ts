import { SptError } from '../errors';
import type { JudgeCallContext, Judgment, PairwiseJudgment } from '../spec/judge';

/**
 * The one list of judging errors that no retry or abstention can fix: a wrong key, an unknown
 * model, a feature the server lacks (the run fails, naming the fix), and a spent budget (the run
 * stops at the step boundary with a checkpoint and resumes once the budget is raised: the cost
 * ledger aborts it; the judgment in flight abstains). Judges and rewriters pass all four up instead
 * of abstaining per sample (`isFatalJudgingError`); the scheduler's guard rethrows the setup ones.
 */
export const SETUP_ERROR_CODES: ReadonlySet<string> = new Set(['completion.auth', 'completion.not-found', 'completion.unsupported']);
export const FATAL_CODES: ReadonlySet<string> = new Set([...SETUP_ERROR_CODES, 'budget.exhausted']);

/** Whether a judge or rewriter must pass this error up (see FATAL_CODES) rather than abstain. */
export const isFatalJudgingError = (e: unknown): boolean => SptError.is(e) && FATAL_CODES.has(e.code);

/** Whether an error must fail the run: the setup is wrong, and every call would abstain. */
const isSetupError = (e: unknown): boolean => SptError.is(e) && SETUP_ERROR_CODES.has(e.code);

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
    if (isSetupError(e)) throw e;
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
