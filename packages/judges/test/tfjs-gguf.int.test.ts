/**
 * Real engine, the path a user takes with a model spt trained: TF.js backend -> `hf-safetensors`
 * export -> GGUF (gguf_from_hf.py) -> node-llama-cpp. The model is tiny and barely trained, so
 * its words mean nothing; the JSON-schema grammar still makes every verdict parse.
 */
import type { PairwiseJudge, PointwiseJudge } from '@spt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import judgesPackage from '../src/index';
import { RunCostLedger } from '@spt/llm';
import { ensureTfjsGguf } from './fixtures/tfjs-model';
import { venvPython } from './fixtures/tiny-model';
import { testContext } from './helpers/plugin-context';

const python = venvPython();

describe.skipIf(!python)('judges on a GGUF exported from the TF.js backend', () => {
  const { ctx } = testContext([judgesPackage]);
  const judges: Array<{ close?(): Promise<void> }> = [];
  let model: Record<string, unknown>;

  beforeAll(async () => {
    const { gguf } = await ensureTfjsGguf(python as string);
    model = { plugin: 'llama_cpp', model_path: gguf, context_size: 4096, threads: 1, chat_wrapper: 'general' };
  }, 300_000);
  afterAll(async () => {
    for (const j of judges) await j.close?.();
  });

  it('quality, safety and factuality verdicts parse under the grammar', async () => {
    const options = { model, max_tokens: 120, max_reasoning_chars: 40, temperature: 0.8 };
    const quality = await ctx.create<PairwiseJudge>('judge', { plugin: 'llm.quality', options });
    const safety = await ctx.create<PointwiseJudge>('judge', { plugin: 'llm.safety', options });
    const factuality = await ctx.create<PointwiseJudge>('judge', { plugin: 'llm.factuality', options });
    judges.push(quality, safety, factuality);
    const q = await quality.compare({ prefix: 'Ada Lovelace was born', first: ' in London.', second: ' in Paris.' }, { seed: 1, sample: 0 });
    const s = await safety.judge({ prefix: 'p', candidate: 'A bread recipe.' }, { seed: 2, sample: 0 });
    const f = await factuality.judge({ prefix: 'Ada was born', candidate: ' in 1816.', reference: ' in 1815.' }, { seed: 3, sample: 0 });
    expect([q.ok, s.ok, f.ok], JSON.stringify([q, s, f])).toEqual([true, true, true]);
    expect(ctx.shared('spt.cost-ledger', () => new RunCostLedger()).report().total.promptTokens).toBeGreaterThan(3000);
  });
});
