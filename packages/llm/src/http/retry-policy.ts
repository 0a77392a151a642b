/**
 * When and how long to wait before retrying a request. Pure functions of their inputs; the
 * random source is passed in so tests can pin it.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (0 = one attempt only). */
  retries: number;
  /** Backoff before retry 1, in ms; doubles each retry. */
  baseDelayMs: number;
  /** Cap on one backoff wait, in ms. */
  maxDelayMs: number;
  /** A Retry-After longer than this (ms) is not waited for: the call fails instead. */
  maxRetryAfterMs: number;
}

/**
 * Exponential backoff with "equal jitter": the wait for retry `attempt` (0-based) is uniform in
 * [d/2, d] with d = min(maxDelay, base * 2^attempt). Half the wait is guaranteed, so clients that
 * failed together do not all come back at once, and none comes back immediately.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt));
  return d / 2 + (d / 2) * random();
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into ms from `now`.
 * Returns undefined for a missing or unparsable header; never negative.
 */
export function parseRetryAfter(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** HTTP statuses worth retrying: request timeout, too early, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The wait before the next attempt: the backoff, or the server's Retry-After when it asks for
 * longer. Returns undefined when the server asks for more than the policy allows (give up).
 */
export function nextDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return undefined;
  const backoff = backoffDelay(attempt, policy, random);
  return retryAfterMs === undefined ? backoff : Math.max(retryAfterMs, Math.min(backoff, retryAfterMs + policy.baseDelayMs));
}
