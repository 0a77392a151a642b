/**
 * The LLM rewriter through real engines: `transformers serve` with the tiny Llama trained to give
 * a fixed answer, and node-llama-cpp on a GGUF exported from spt's TF.js backend (with the seed
 * words as an assistant prefill that llama.cpp continues).
 */
import type { Rewriter } from '@spt/core';
import { RunCostLedger } from '@spt/llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTfjsGguf } from '../../judges/test/fixtures/tfjs-model';
import { ensureTinyModel, startTransformersServe, TINY_ANSWER, venvPython } from '../../judges/test/fixtures/tiny-model';
import { testContext } from '../../judges/test/helpers/plugin-context';
import rewritersPackage from '../src/index';

const python = venvPython();
const input = { prefix: 'Marie Curie was born in Warsaw in the year', suffix: ' 1869 and studied in Paris.', k: 16 };

describe.skipIf(!python)('llm.rewrite through real engines', () => {
  let server: Awaited<ReturnType<typeof startTransformersServe>> | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of closers) await c();
    await server?.stop();
  });

  beforeAll(async () => {
    await ensureTinyModel(python as string);
  }, 300_000);

  it('transformers serve: the answer comes back as the rewrite, with a space like the suffix', async () => {
    const { hfDir } = await ensureTinyModel(python as string);
    server = await startTransformersServe(python as string);
    const { ctx } = testContext([rewritersPackage]);
    const r = await ctx.create('rewriter', { plugin: 'llm.rewrite', options: { model: { plugin: 'openai', base_url: server.baseUrl, model: hfDir } } });
    closers.push(async () => r.close?.());
    const out = await r.rewrite(input, { seed: 1, sample: 0, step: 0 });
    expect(out).toMatchObject({ ok: true, text: ` ${TINY_ANSWER}` });
    expect(ctx.shared('spt.cost-ledger', () => new RunCostLedger()).report().byAspect.rewrite.calls).toBe(1);
  }, 120_000);

  it('node-llama-cpp on the TF.js export: continues the prefilled seed words', async () => {
    const { gguf } = await ensureTfjsGguf(python as string);
    const { ctx } = testContext([rewritersPackage]);
    const model = { plugin: 'llama_cpp', model_path: gguf, context_size: 4096, threads: 1, chat_wrapper: 'general' };
    const r = await ctx.create('rewriter', { plugin: 'llm.rewrite', options: { model, prefill: true, temperature: 1 } });
    closers.push(async () => r.close?.());
    const out = await r.rewrite(input, { seed: 1, sample: 0 });
    expect(out.ok, JSON.stringify(out)).toBe(true);
    expect(out.ok && out.text.length).toBeGreaterThan(0);
    expect(out.usage?.completionTokens).toBeGreaterThan(0);
    expect(out.usage?.completionTokens).toBeLessThanOrEqual(2 * input.k + 32);
  }, 120_000);
});
