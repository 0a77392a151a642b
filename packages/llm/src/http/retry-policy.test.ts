import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableStatus, nextDelay, parseRetryAfter, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 4000, maxRetryAfterMs: 60_000 };

describe('retry policy', () => {
  it('doubles the backoff up to the cap, with equal jitter in [d/2, d]', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 1))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect([0, 1, 2].map((a) => backoffDelay(a, policy, () => 0))).toEqual([250, 500, 1000]);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(['0.5'], now)).toBe(500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('retries rate limits, timeouts and server errors only', () => {
    expect([408, 425, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  it('honours Retry-After (plus a little jitter) and gives up when it is too long', () => {
    const d = nextDelay(0, policy, 3000, () => 1);
    expect(d).toBeGreaterThanOrEqual(3000);
    expect(d).toBeLessThanOrEqual(3500);
    expect(nextDelay(4, policy, 1000, () => 1)).toBe(1500);
    expect(nextDelay(0, policy, 120_000)).toBeUndefined();
    expect(nextDelay(1, policy, undefined, () => 1)).toBe(1000);
  });
});
