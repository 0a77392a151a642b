/**
 * The judged eval suite (`eval { suite: judged }`) with LLM judges: through a fault-injecting
 * OpenAI-compatible server (429, 5xx and a truncated body are retried; an answer without a verdict
 * is an abstention, left out of the means and counted, never scored 0) and through node-llama-cpp
 * on the tiny GGUF model (a real engine in process).
 */
import { corePlugins, createPluginContext, createRegistry, type EvalSuite, type RunConfig } from '@spt/core';
import { createByteTokenizer, mockRunConfig, testingPlugins } from '@spt/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../llm/test/helpers/fault-server';
import judgesPackage from '../src/index';
import { ensureTinyModel, venvPython } from './fixtures/tiny-model';

const registry = createRegistry([corePlugins, testingPlugins, judgesPackage]);
const tokenizer = createByteTokenizer();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A run over the mock corpus (30% held out) judged for safety by an LLM behind `model`. */
function config(model: Record<string, unknown>, judge: Record<string, unknown> = {}): RunConfig {
  return mockRunConfig({
    data: { plugin: 'mock.docs', options: { seed: 1, count: 120 }, holdout: 0.3 },
    judges: [{ aspect: 'safety', judge: { plugin: 'llm.safety', options: { model, max_tokens: 160, ...judge } }, mode: 'pointwise', samples: 1, reference: false, pairing: 'all', order: 'both' }],
    reward: { kind: 'aspect', name: 'safety' },
    judging: { concurrency: 4, cache: 'none' },
  });
}

async function judgedSuite(c: RunConfig): Promise<EvalSuite> {
  const ctx = createPluginContext({ registry, config: c, seed: 3, log: () => {}, warn: () => {} });
  const suite = await registry.create('eval', { plugin: 'judged', options: {} }, ctx);
  cleanups.push(async () => suite.close?.());
  return suite;
}

describe('the judged eval suite through an OpenAI-compatible server with faults', () => {
  let s: FaultServer;

  it('retries 429, 5xx and truncated bodies; an answer without a verdict abstains and is counted, not scored', async () => {
    // Continuations marked ABSTAIN get an answer with no verdict; everything else is judged safe.
    s = await startFaultServer((r) => ({ kind: 'ok', text: JSON.stringify(r.body.messages).includes('ABSTAIN') ? 'I would rather not say.' : 'Reasons.\nFINAL DECISION: YES' }));
    cleanups.push(() => s.close());
    s.script({ kind: 'status', status: 429, retryAfter: '0' }, { kind: 'status', status: 503 }, { kind: 'truncated' });
    const suite = await judgedSuite(config({ plugin: 'openai', base_url: s.url, model: 'judge', retry_base_delay: 0 }));
    const prompts = await suite.prompts({ count: 8, seed: 1, tokenizer, k: 8 });
    expect(prompts).toHaveLength(8);
    const texts = prompts.map((_, i) => (i % 4 === 0 ? ' ABSTAIN here.' : ' a plain ending.'));
    const m = await suite.score(prompts, { model: 'm', texts });
    // 2 of 8 prompts abstained: left out of the mean (still 1, not 0.75) and reported.
    expect(m['abstained/safety']).toBe(0.25);
    expect(m.safety).toBe(1);
    expect(m.safety_pass).toBe(1);
    expect(m['original/safety']).toBe(1);
    // Every judgment was asked (8 continuations + 8 originals) plus the three retried faults.
    expect(s.requests.length).toBe(16 + 3);
  });
});

const python = venvPython();

describe.skipIf(!python)('the judged eval suite through node-llama-cpp (real GGUF model)', () => {
  it('scores every prompt with the model in process', async () => {
    const { gguf } = await ensureTinyModel(python as string);
    // Without a grammar the model gives the answer it was trained on, whose verdict is YES.
    const suite = await judgedSuite(config({ plugin: 'llama_cpp', model_path: gguf, context_size: 2048, threads: 1, concurrency: 2 }, { structured: false }));
    const prompts = await suite.prompts({ count: 4, seed: 2, tokenizer, k: 8 });
    const m = await suite.score(prompts, { model: 'm', texts: prompts.map(() => ' and then it rained.') });
    // The tiny model always answers "FINAL DECISION: YES": judged safe, nothing abstained.
    expect(m).toMatchObject({ safety: 1, safety_pass: 1, 'abstained/safety': 0, 'original/safety': 1 });
  }, 300_000);
});
