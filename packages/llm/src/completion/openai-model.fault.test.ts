import { SptError } from '@spt/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { startFaultServer, type FaultServer } from '../../test/helpers/fault-server';
import { RunCostLedger } from '../ledger/cost-ledger';
import { createOpenAiModel } from './openai-model';
import { openAiOptionsSchema } from './openai-options';

const servers: FaultServer[] = [];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(fallback?: FaultServer['fallback']) {
  const s = await startFaultServer(fallback);
  servers.push(s);
  return s;
}

/** A model with fast retries for tests; `env` holds the fake secrets. */
function model(options: z.input<typeof openAiOptionsSchema>, env: Record<string, string> = {}, ledger = new RunCostLedger()) {
  const parsed = openAiOptionsSchema.parse({ retry_base_delay: 0.01, retry_max_delay: 0.05, ...options });
  const m = createOpenAiModel(parsed, { env: (n) => env[n], ledger });
  closers.push(async () => m.close?.());
  return { m, ledger };
}

const ask = { messages: [{ role: 'user' as const, content: 'hello' }], maxTokens: 16 };

describe('openai completion model against a fault-injecting server', () => {
  it('sends an OpenAI chat body with the key from the environment and records usage', async () => {
    const s = await server({ kind: 'ok', text: 'hi there', usage: { prompt: 12, completion: 3 } });
    const { m, ledger } = model({ base_url: s.url, model: 'judge-7b', api_key_env: 'TEST_KEY' }, { TEST_KEY: 'sk-secret-123' });
    const r = await m.complete({ ...ask, temperature: 0, topP: 0.9, seed: 5, tags: { aspect: 'quality', step: 3, sources: ['original', 'rollout'] } });
    expect(r).toEqual({ text: 'hi there', usage: { promptTokens: 12, completionTokens: 3 }, model: 'judge-7b', finishReason: 'stop' });
    expect(s.requests[0].path).toBe('/v1/chat/completions');
    expect(s.requests[0].headers.authorization).toBe('Bearer sk-secret-123');
    expect(s.requests[0].body).toEqual({ model: 'judge-7b', messages: ask.messages, max_tokens: 16, temperature: 0, top_p: 0.9, seed: 5 });
    expect(m.id).toBe(`openai:judge-7b@${s.url}`);
    expect(m.id).not.toContain('secret');
    const report = ledger.report();
    expect(report.byAspect.quality).toEqual({ calls: 1, promptTokens: 12, completionTokens: 3, cost: 0 });
    expect(report.bySource.original.promptTokens).toBe(6);
    expect(report.byStep['3'].calls).toBe(1);
  });

  it('uses /completions for a raw prompt', async () => {
    const s = await server({ kind: 'ok', text: ' world' });
    const { m } = model({ base_url: s.url, model: 'base' });
    expect((await m.complete({ prompt: 'hello', maxTokens: 4 })).text).toBe(' world');
    expect(s.requests[0].path).toBe('/v1/completions');
    expect(s.requests[0].body.prompt).toBe('hello');
  });

  it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
    const s = await server();
    s.script({ kind: 'status', status: 429, retryAfter: '1' });
    const { m } = model({ base_url: s.url, model: 'm' });
    expect((await m.complete(ask)).text).toBe('ok');
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After is longer than max_retry_after', async () => {
    const s = await server({ kind: 'status', status: 429, retryAfter: '3600' });
    const { m } = model({ base_url: s.url, model: 'm', max_retry_after: 60 });
    const error = await m.complete(ask).catch((e: unknown) => e);
    expect(SptError.is(error, 'completion.unavailable')).toBe(true);
    expect((error as Error).message).toContain('Retry-After 3600 s is longer than max_retry_after');
    expect(s.requests).toHaveLength(1);
  });

  it('retries 500s, resets, truncated and non-JSON bodies, then succeeds', async () => {
    const s = await server({ kind: 'ok', text: 'finally' });
    s.script({ kind: 'status', status: 500 }, { kind: 'reset' }, { kind: 'truncated' }, { kind: 'non-json' }, { kind: 'status', status: 503 });
    const { m } = model({ base_url: s.url, model: 'm', retries: 5, circuit_breaker: { failures: 10, cooldown: 10 } });
    expect((await m.complete(ask)).text).toBe('finally');
    expect(s.requests).toHaveLength(6);
  });

  it('times out a server that never answers and one that trickles its body', async () => {
    const s = await server({ kind: 'ok', text: 'fast' });
    s.script({ kind: 'hang' }, { kind: 'slow', chunkBytes: 4, everyMs: 50 });
    const { m } = model({ base_url: s.url, model: 'm', timeout: 0.4 });
    expect((await m.complete(ask)).text).toBe('fast');
    expect(s.requests).toHaveLength(3);
  });

  it('fails with the last cause after the retries and counts the failure', async () => {
    const s = await server({ kind: 'non-json' });
    const { m, ledger } = model({ base_url: s.url, model: 'm', retries: 2 });
    const error = await m.complete({ ...ask, tags: { aspect: 'safety' } }).catch((e: unknown) => e);
    expect(SptError.is(error, 'completion.unavailable')).toBe(true);
    expect((error as Error).message).toMatch(/failed 3 attempt\(s\)\n {2}expected: a well-formed answer within the timeout\n {2}got: .* answered a body that is not JSON/);
    expect(ledger.report().failures).toEqual({ safety: 1 });
  });

  it('does not retry a 400 and names the endpoint; 401 says to check the key without showing it', async () => {
    const s = await server({ kind: 'status', status: 400, body: '{"error":"max_tokens too large"}' });
    const { m } = model({ base_url: s.url, model: 'm', api_key_env: 'K' }, { K: 'sk-hidden-999' });
    const e400 = await m.complete(ask).catch((e: unknown) => e);
    expect(SptError.is(e400, 'completion.http')).toBe(true);
    expect((e400 as Error).message).toContain('max_tokens too large');
    expect(s.requests).toHaveLength(1);
    s.fallback = { kind: 'status', status: 401 };
    const e401 = await m.complete(ask).catch((e: unknown) => e);
    expect(SptError.is(e401, 'completion.auth')).toBe(true);
    expect(JSON.stringify({ m: (e401 as Error).message, s: (e401 as Error).stack })).not.toContain('sk-hidden-999');
  });

  it('opens the circuit after repeated failures and stops sending', async () => {
    const s = await server({ kind: 'status', status: 500 });
    const { m } = model({ base_url: s.url, model: 'm', retries: 10, circuit_breaker: { failures: 3, cooldown: 300 } });
    await expect(m.complete(ask)).rejects.toThrow(/failed 3 attempt.*\n.*\n.*HTTP 500.*; then every endpoint was rate-limited or had its circuit open/);
    expect(s.requests).toHaveLength(3);
    await expect(m.complete(ask)).rejects.toThrow(/got: every endpoint was rate-limited or had its circuit open/);
    expect(s.requests).toHaveLength(3);
  });

  it('lets a half-open probe through after the cooldown and closes on success', async () => {
    const s = await server({ kind: 'ok', text: 'back' });
    s.script({ kind: 'status', status: 502 }, { kind: 'status', status: 502 });
    const { m } = model({ base_url: s.url, model: 'm', retries: 3, circuit_breaker: { failures: 2, cooldown: 0.2 } });
    expect((await m.complete(ask)).text).toBe('back');
    expect(s.requests).toHaveLength(3);
    expect(s.requests[2].at - s.requests[1].at).toBeGreaterThanOrEqual(150);
  });

  it('routes to the least-loaded endpoint within each endpoint concurrency', async () => {
    const a = await server({ kind: 'ok', text: 'a', delayMs: 60 });
    const b = await server({ kind: 'ok', text: 'b', delayMs: 60 });
    const { m } = model({ endpoints: [{ base_url: a.url }, { base_url: b.url }], model: 'm', concurrency: 2 });
    const texts = await Promise.all(Array.from({ length: 12 }, () => m.complete(ask).then((r) => r.text)));
    expect(texts.filter((t) => t === 'a')).toHaveLength(6);
    expect(a.maxInFlight).toBe(2);
    expect(b.maxInFlight).toBe(2);
  });

  it('routes around a dead endpoint', async () => {
    const live = await server({ kind: 'ok', text: 'live' });
    const { m } = model({
      endpoints: [{ base_url: 'http://127.0.0.1:9/v1' }, { base_url: live.url }],
      model: 'm',
      retries: 3,
      circuit_breaker: { failures: 1, cooldown: 300 },
    });
    const texts = await Promise.all(Array.from({ length: 6 }, () => m.complete(ask).then((r) => r.text)));
    expect(texts).toEqual(Array(6).fill('live'));
  });

  it('stops before sending once the run budget is spent', async () => {
    const s = await server({ kind: 'ok', usage: { prompt: 50, completion: 10 } });
    const { m, ledger } = model({ base_url: s.url, model: 'm', budget: { max_tokens: 100 } });
    await m.complete(ask);
    await m.complete(ask);
    const error = await m.complete(ask).catch((e: unknown) => e);
    expect(SptError.is(error, 'budget.exhausted')).toBe(true);
    expect((error as Error).message).toContain('expected: at most 100 tokens (budget.max_tokens)\n  got: 120 tokens');
    expect(s.requests).toHaveLength(2);
    expect(ledger.report().budget).toEqual({ maxTokens: 100, maxCost: undefined, exhausted: true });
  });

  it('prices calls and estimates usage a server does not report', async () => {
    const s = await server({ kind: 'ok', text: 'abcdefgh', usage: null });
    const { m, ledger } = model({ base_url: s.url, model: 'm', price: { prompt: 2, completion: 8 } });
    const r = await m.complete(ask);
    expect(r.usage).toEqual({ promptTokens: 2, completionTokens: 2 });
    expect(ledger.report().total.cost).toBeCloseTo((2 * 2 + 2 * 8) / 1e6, 12);
  });

  it('cancels while waiting for a retry', async () => {
    const s = await server({ kind: 'status', status: 429, retryAfter: '30' });
    const { m } = model({ base_url: s.url, model: 'm' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(m.complete({ ...ask, signal: controller.signal })).rejects.toMatchObject({ code: 'completion.aborted' });
  });

  it('cancels a request in flight', async () => {
    const s = await server({ kind: 'hang' });
    const { m } = model({ base_url: s.url, model: 'm', timeout: 60 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(m.complete({ ...ask, signal: controller.signal })).rejects.toMatchObject({ code: 'completion.aborted' });
    expect(s.requests).toHaveLength(1);
  });

  it('reads secrets only from the environment', () => {
    expect(() => openAiOptionsSchema.parse({ base_url: 'http://x/v1', model: 'm', headers: { Authorization: 'Bearer sk-1' } })).toThrow(/headers_env/);
    expect(() => model({ base_url: 'http://127.0.0.1:9/v1', model: 'm', api_key_env: 'MISSING_KEY' })).toThrow(
      'environment variable MISSING_KEY (api_key_env for model "m") is not set',
    );
    expect(() => openAiOptionsSchema.parse({ model: 'm' })).toThrow(/exactly one of base_url or endpoints/);
  });
});
