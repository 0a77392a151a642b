import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { SptError, type CompletionModel, type CompletionRequest, type CompletionResult } from '@spt/core';
import { Pool } from 'undici';
import { Endpoint } from '../http/endpoint';
import { backoffDelay, isRetryableStatus, nextDelay, parseRetryAfter, type RetryPolicy } from '../http/retry-policy';
import { EndpointRouter, EndpointsUnavailable } from '../http/router';
import type { RunCostLedger } from '../ledger/cost-ledger';
import { costOf } from '../ledger/price';
import { sleep } from '../util/sleep';
import { abortedError, httpStatusError, snippet, unavailableError } from './completion-errors';
import { BadResponseError, buildRequestBody, parseResponseBody, requestPath } from './openai-body';
import type { OpenAiOptions } from './openai-options';
import { toBudget, toPrice } from './shared-options';

/** What the model needs from its surroundings (the plugin context in a run; fakes in tests). */
export interface OpenAiDeps {
  env(name: string): string | undefined;
  ledger: RunCostLedger;
  random?: () => number;
  now?: () => number;
  /** Sees the network span of every attempt (performance.now() ms) and its request; for benchmarks. */
  observe?: (span: { start: number; end: number; request: CompletionRequest }) => void;
}

/** A failure worth retrying: 429/5xx, network error, timeout, truncated or non-JSON body. */
class TransientError extends Error {
  constructor(message: string, readonly retryAfterMs?: number, readonly rateLimited = false) {
    super(message);
  }
}

/** Reads the secrets a model needs from the environment; the values never leave this closure. */
function secretHeaders(options: OpenAiOptions, env: OpenAiDeps['env']): Record<string, string> {
  const need = (variable: string, what: string): string => {
    const value = env(variable);
    if (value === undefined || value === '') {
      throw new SptError({
        code: 'completion.secret-missing',
        what: `environment variable ${variable} (${what} for model "${options.model}") is not set`,
        expected: 'a non-empty value in the environment',
        got: 'nothing',
        fix: `export ${variable}=... before starting the run (secrets never go in recipe text)`,
      });
    }
    return value;
  };
  const headers: Record<string, string> = {};
  if (options.api_key_env) headers.authorization = `Bearer ${need(options.api_key_env, 'api_key_env')}`;
  for (const [name, variable] of Object.entries(options.headers_env)) headers[name.toLowerCase()] = need(variable, `header ${name}`);
  return headers;
}

/**
 * An OpenAI-compatible chat/completions client: keep-alive pools per endpoint, least-loaded
 * routing, per-endpoint concurrency, timeouts, retries with backoff and jitter (honouring
 * Retry-After), a circuit breaker per endpoint, and spend recorded in the run's cost ledger.
 */
export function createOpenAiModel(options: OpenAiOptions, deps: OpenAiDeps): CompletionModel {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const headers = { 'content-type': 'application/json', ...lower(options.headers), ...secretHeaders(options, deps.env) };
  const configs = options.endpoints ?? [{ base_url: options.base_url as string, concurrency: undefined }];
  const breaker = { failures: options.circuit_breaker.failures, cooldownMs: options.circuit_breaker.cooldown * 1000, maxCooldownMs: 300_000 };
  const endpoints = configs.map((c) => {
    const concurrency = c.concurrency ?? options.concurrency;
    const url = new URL(c.base_url);
    const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
    return new Endpoint({ baseUrl: c.base_url, concurrency }, pool, breaker, now);
  });
  const router = new EndpointRouter(endpoints, now);
  const timeoutMs = options.timeout * 1000;
  const policy: RetryPolicy = {
    retries: options.retries,
    baseDelayMs: options.retry_base_delay * 1000,
    maxDelayMs: options.retry_max_delay * 1000,
    maxRetryAfterMs: options.max_retry_after * 1000,
  };
  const price = toPrice(options.price);
  const id = `openai:${options.model}@${endpoints.map((e) => e.label).join(',')}`;
  deps.ledger.addBudget(toBudget(options.budget));
  const bodyOptions = { model: options.model, structured: options.structured, extraBody: options.extra_body };

  async function attemptOnce(endpoint: Endpoint, path: ReturnType<typeof requestPath>, body: string, request: CompletionRequest) {
    // One emitter per attempt (undici takes an EventEmitter as its signal), fired by the deadline
    // or by the caller's signal: much cheaper than AbortSignal.timeout + AbortSignal.any at
    // thousands of requests a second.
    const signal = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signal.emit('abort');
    }, timeoutMs);
    const onCallerAbort = () => signal.emit('abort');
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const start = performance.now();
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const res = await endpoint.pool.request({
        path: endpoint.basePath + path,
        method: 'POST',
        headers,
        body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      status = res.statusCode;
      retryAfter = res.headers['retry-after'];
      text = await res.body.text();
    } catch (error) {
      if (request.signal?.aborted) throw abortedError(id, error);
      if (timedOut) throw new TransientError(`no complete answer within ${options.timeout} s`);
      const code = (error as { code?: string }).code;
      throw new TransientError(`network error (${code ?? (error as Error).message})`);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
      deps.observe?.({ start, end: performance.now(), request });
    }
    if (status < 200 || status > 299) {
      if (!isRetryableStatus(status)) throw httpStatusError(status, endpoint.label, options.model, text);
      throw new TransientError(`HTTP ${status}: ${snippet(text, 120)}`, parseRetryAfter(retryAfter, now()), status === 429);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new TransientError(`a body that is not JSON (${text.length} bytes: ${snippet(text, 80)})`);
    }
    try {
      return parseResponseBody(json, path, request);
    } catch (error) {
      if (error instanceof BadResponseError) throw new TransientError(`a malformed answer: ${error.message}`);
      throw error;
    }
  }

  async function complete(request: CompletionRequest): Promise<CompletionResult> {
    deps.ledger.checkBudget(id);
    const path = requestPath(request);
    const body = JSON.stringify(buildRequestBody(request, bodyOptions));
    let last = '';
    let attempts = 0;
    for (let attempt = 0; attempt <= policy.retries; attempt++) {
      let retryAfterMs: number | undefined;
      let endpoint: Endpoint;
      try {
        endpoint = await router.acquire(request.signal);
      } catch (error) {
        if (!(error instanceof EndpointsUnavailable)) throw abortedError(id, error);
        const blocked = 'every endpoint was rate-limited or had its circuit open';
        last = attempts > 0 ? `${last}; then ${blocked}` : blocked;
        retryAfterMs = Math.max(0, error.retryAtMs - now());
        if (attempt === policy.retries || retryAfterMs > policy.maxRetryAfterMs) break;
        await wait(attempt, retryAfterMs, request.signal);
        continue;
      }
      attempts++;
      try {
        const result = await attemptOnce(endpoint, path, body, request);
        endpoint.breaker.onSuccess();
        deps.ledger.record(id, result.usage, costOf(result.usage, price), request.tags);
        return { text: result.text, usage: result.usage, model: result.model || options.model, finishReason: result.finishReason };
      } catch (error) {
        if (!(error instanceof TransientError)) {
          endpoint.breaker.onNeutral();
          throw error;
        }
        last = `${endpoint.label} answered ${error.message}`;
        if (error.rateLimited) {
          endpoint.blockedUntil = now() + (error.retryAfterMs ?? backoffDelay(attempt, policy, random));
          endpoint.breaker.onNeutral();
        } else {
          endpoint.breaker.onFailure();
        }
        retryAfterMs = endpoints.some((e) => e.usable()) ? undefined : error.retryAfterMs;
      } finally {
        router.release(endpoint);
      }
      if (attempt === policy.retries) break;
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) {
        last += ` (Retry-After ${Math.round(retryAfterMs / 1000)} s is longer than max_retry_after)`;
        break;
      }
      await wait(attempt, retryAfterMs, request.signal);
    }
    deps.ledger.recordFailure(request.tags?.aspect);
    throw unavailableError(id, attempts, last);
  }

  async function wait(attempt: number, retryAfterMs: number | undefined, signal?: AbortSignal): Promise<void> {
    const delay = nextDelay(attempt, { ...policy, maxRetryAfterMs: Number.POSITIVE_INFINITY }, retryAfterMs, random) ?? 0;
    try {
      await sleep(delay, signal);
    } catch (error) {
      throw abortedError(id, error);
    }
  }

  return {
    name: 'openai',
    id,
    complete,
    async close() {
      await Promise.all(endpoints.map((e) => e.pool.close()));
    },
  };
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
