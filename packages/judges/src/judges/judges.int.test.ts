import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SptError, type PairwiseJudge, type PointwiseJudge } from '@spt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../../../llm/test/helpers/fault-server';
import { testContext } from '../../test/helpers/plugin-context';
import judgesPackage from '../index';
import { RunCostLedger } from '@spt/llm';
import { sampleSeed } from './llm-judge';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(fallback: FaultServer['fallback']) {
  const s = await startFaultServer(fallback);
  cleanups.push(() => s.close());
  return s;
}

const userText = (r: RecordedRequest) => ((r.body.messages as Array<{ role: string; content: string }>).at(-1) as { content: string }).content;

async function judge<J extends PairwiseJudge | PointwiseJudge>(plugin: string, s: FaultServer, options: Record<string, unknown> = {}, model: Record<string, unknown> = {}) {
  const t = testContext([judgesPackage]);
  const j = await t.ctx.create<J>('judge', {
    plugin,
    options: { model: { plugin: 'openai', base_url: s.url, model: 'judge-model', retries: 1, retry_base_delay: 0.01, ...model }, ...options },
  });
  cleanups.push(async () => j.close?.());
  return { j, ...t, ledger: t.ctx.shared('spt.cost-ledger', () => new RunCostLedger()) };
}

const pair = { prefix: 'Ada Lovelace was born', first: ' in London in 1815.', second: ' on the moon in 3000.' };

describe('LLM judges over an OpenAI-compatible server', () => {
  it('quality: votes over samples with derived seeds and a structured request', async () => {
    const answers = ['Conclusion: Option 2', 'Conclusion: Option 1', 'Hmm.\nConclusion: Option 1'];
    const s = await server((r) => ({ kind: 'ok', text: answers[[7, sampleSeed(7, 1), sampleSeed(7, 2)].indexOf(r.body.seed as number)] }));
    const { j } = await judge<PairwiseJudge>('llm.quality', s, { samples: 3, temperature: 0.7 }, { structured: 'json_schema' });
    expect(await j.compare(pair, { seed: 7, sample: 0 })).toEqual({ ok: true, winner: 'first', usage: { promptTokens: 30, completionTokens: 15 } });
    expect(s.requests).toHaveLength(3);
    const body = s.requests[0].body as { temperature: number; response_format: { json_schema: { schema: { properties: object } } } };
    expect(body.temperature).toBe(0.7);
    expect(Object.keys(body.response_format.json_schema.schema.properties)).toEqual(['reasoning', 'conclusion']);
    expect(userText(s.requests[0])).toContain(pair.second);
    expect(j.version).toBe(`quality-v1|openai:judge-model@${s.url}|t=0.7|p=1|n=3|m=1024|s=1200`);
  });

  it('quality: an even split is a tie', async () => {
    let n = 0;
    const s = await server(() => ({ kind: 'ok', text: `Conclusion: Option ${(n++ % 2) + 1}` }));
    const { j } = await judge<PairwiseJudge>('llm.quality', s, { samples: 2 });
    expect(await j.compare(pair, { seed: 1, sample: 0 })).toMatchObject({ ok: true, winner: 'tie' });
  });

  it('abstains with the raw answer kept when no verdict parses, and counts it', async () => {
    const s = await server({ kind: 'ok', text: 'Both are lovely continuations.' });
    const { j, ledger } = await judge<PairwiseJudge>('llm.quality', s);
    const r = await j.compare(pair, { seed: 1, sample: 0, aspect: 'quality', step: 2 });
    expect(r).toEqual({
      ok: false,
      reason: 'no quality verdict found (expected a final line "Conclusion: Option 1" or "Conclusion: Option 2")',
      raw: 'Both are lovely continuations.',
      usage: { promptTokens: 10, completionTokens: 5 },
    });
    expect(ledger.report().abstentions).toEqual({ quality: 1 });
    expect(ledger.metrics(2)['llm/step/calls']).toBe(1);
  });

  it('abstains (never throws) when the server keeps failing', async () => {
    const s = await server({ kind: 'status', status: 503 });
    const { j } = await judge<PointwiseJudge>('llm.safety', s);
    const r = await j.judge({ prefix: 'p', candidate: 'c' }, { seed: 1, sample: 0 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/^model call failed \(completion\.unavailable: completion model openai:judge-model@.* failed 2 attempt\(s\)\)$/);
  });

  it('throws budget.exhausted so the run can checkpoint and stop', async () => {
    const s = await server({ kind: 'ok', text: 'FINAL DECISION: YES', usage: { prompt: 90, completion: 20 } });
    const { j } = await judge<PointwiseJudge>('llm.safety', s, {}, { budget: { max_tokens: 100 } });
    expect(await j.judge({ prefix: 'p', candidate: 'c' }, { seed: 1, sample: 0 })).toMatchObject({ ok: true, score: 1 });
    const error = await j.judge({ prefix: 'p', candidate: 'c2' }, { seed: 1, sample: 0 }).catch((e: unknown) => e);
    expect(SptError.is(error, 'budget.exhausted')).toBe(true);
    expect(s.requests).toHaveLength(1);
  });

  it('safety: the score is the share of samples that say YES', async () => {
    const verdicts = ['YES', 'NO', 'YES', 'YES', 'NO'];
    let n = 0;
    const s = await server(() => ({ kind: 'ok', text: `Reasoning.\nFINAL DECISION: ${verdicts[n++]}` }));
    const { j } = await judge<PointwiseJudge>('llm.safety', s, { samples: 5 });
    expect(await j.judge({ prefix: 'p', candidate: 'A recipe for bread.' }, { seed: 3, sample: 0 })).toMatchObject({ ok: true, score: 0.6 });
  });

  it('factuality: shows the reference and maps labels to 1 / 0.5 / 0; needs a reference', async () => {
    const s = await server({ kind: 'ok', text: '{"reasoning": "wrong year", "label": "Possible Hallucination"}' });
    const { j } = await judge<PointwiseJudge>('llm.factuality', s);
    const input = { prefix: 'Ada was born', candidate: ' in 1816.', reference: ' in 1815 in London.' };
    expect(await j.judge(input, { seed: 1, sample: 0 })).toMatchObject({ ok: true, score: 0.5 });
    expect(userText(s.requests[0])).toMatch(/<reference id="[0-9a-f]{8}">\n in 1815 in London\.\n<\/reference/);
    await expect(j.judge({ prefix: 'p', candidate: 'c' }, { seed: 1, sample: 0 })).rejects.toThrow(/reference original/);
  });

  it('uses a prompt file from the options, and its hash versions the judge', async () => {
    const s = await server({ kind: 'ok', text: 'FINAL DECISION: NO' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spt-judge-')), 'safety.txt');
    fs.writeFileSync(file, '[system]\nStrict reviewer.\n[user]\nIs this safe? {{candidate}}');
    const { j } = await judge<PointwiseJudge>('llm.safety', s, { prompt_file: file });
    expect(await j.judge({ prefix: 'p', candidate: 'hello' }, { seed: 1, sample: 0 })).toMatchObject({ ok: true, score: 0 });
    expect((s.requests[0].body.messages as Array<{ content: string }>)[0].content).toBe('Strict reviewer.');
    expect(j.version).toMatch(/^file:[0-9a-f]{12}\|openai:/);
  });

  it('judges naming the same model share one client', async () => {
    const s = await server({ kind: 'ok', text: 'FINAL DECISION: YES' });
    const { ctx, store } = testContext([judgesPackage]);
    const model = { plugin: 'openai', base_url: s.url, model: 'm' };
    const a = await ctx.create<PointwiseJudge>('judge', { plugin: 'llm.safety', options: { model } });
    const b = await ctx.create<PairwiseJudge>('judge', { plugin: 'llm.quality', options: { model: { ...model } } });
    expect([...store.keys()].filter((k) => k.startsWith('spt.completion:'))).toHaveLength(1);
    await a.close?.();
    expect((await b.compare(pair, { seed: 1, sample: 0 })).ok).toBe(false);
    await b.close?.();
  });
});
