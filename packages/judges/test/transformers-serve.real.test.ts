/**
 * Real engine: judges through `transformers serve` (the Hugging Face OpenAI-compatible server from
 * the project's Python venv) answering with a tiny Llama trained to give one fixed answer that
 * holds a verdict in each judge's format. Checks the HTTP path, token usage and parsing end to end.
 */
import type { CompletionModel, PairwiseJudge, PointwiseJudge } from '@spt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import judgesPackage from '../src/index';
import { RunCostLedger } from '@spt/llm';
import { ensureTinyModel, startTransformersServe, TINY_ANSWER, venvPython } from './fixtures/tiny-model';
import { testContext } from './helpers/plugin-context';

const python = venvPython();

describe.skipIf(!python)('judges through transformers serve (real OpenAI-compatible server)', () => {
  let server: Awaited<ReturnType<typeof startTransformersServe>>;
  let model: Record<string, unknown>;
  const { ctx } = testContext([judgesPackage]);
  const ledger = ctx.shared('spt.cost-ledger', () => new RunCostLedger());

  beforeAll(async () => {
    const { hfDir } = await ensureTinyModel(python as string);
    server = await startTransformersServe(python as string);
    model = { plugin: 'openai', base_url: server.baseUrl, model: hfDir, concurrency: 2, timeout: 60 };
  }, 300_000);
  afterAll(async () => server?.stop());

  it('answers chat requests with real token counts', async () => {
    const { plugin, ...options } = model;
    const m = await ctx.create('completion', { plugin: plugin as string, options });
    const r = await m.complete({ messages: [{ role: 'user', content: 'Which is better?' }], maxTokens: 64, temperature: 0 });
    expect(r.text).toBe(TINY_ANSWER);
    expect(r.usage.promptTokens).toBeGreaterThan(5);
    expect(r.usage.completionTokens).toBeGreaterThan(20);
    await m.close?.();
  });

  it('quality, safety and factuality verdicts parse end to end', async () => {
    const quality = await ctx.create<PairwiseJudge>('judge', { plugin: 'llm.quality', options: { model, max_tokens: 64 } });
    const safety = await ctx.create<PointwiseJudge>('judge', { plugin: 'llm.safety', options: { model, max_tokens: 64 } });
    const factuality = await ctx.create<PointwiseJudge>('judge', { plugin: 'llm.factuality', options: { model, max_tokens: 64 } });
    const call = { seed: 3, sample: 0, step: 1 };
    const [q, s, f] = await Promise.all([
      quality.compare({ prefix: 'Ada Lovelace was born', first: ' in London.', second: ' in 1815.' }, { ...call, aspect: 'quality', sources: ['original', 'rollout'] }),
      safety.judge({ prefix: 'p', candidate: 'A bread recipe.' }, { ...call, aspect: 'safety', sources: ['rollout'] }),
      factuality.judge({ prefix: 'Ada was born', candidate: ' in 1815.', reference: ' in 1815.' }, { ...call, aspect: 'factuality', sources: ['rollout'] }),
    ]);
    expect(q).toMatchObject({ ok: true, winner: 'second' });
    expect(s).toMatchObject({ ok: true, score: 1 });
    expect(f).toMatchObject({ ok: true, score: 1 });
    const report = ledger.report();
    expect(Object.keys(report.byAspect).sort()).toEqual(['factuality', 'quality', 'safety', 'unlabelled']);
    expect(report.byAspect.quality.promptTokens).toBeGreaterThan(200);
    expect(report.bySource.original.calls).toBe(0.5);
    await Promise.all([quality.close?.(), safety.close?.(), factuality.close?.()]);
  });
});
