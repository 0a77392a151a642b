import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer, type RecordedRequest } from '../../llm/test/helpers/fault-server';
import { testContext } from '../../judges/test/helpers/plugin-context';
import rewritersPackage from './index';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rewriter(fallback: FaultServer['fallback'], options: Record<string, unknown> = {}) {
  const s = await startFaultServer(fallback);
  cleanups.push(() => s.close());
  const { ctx } = testContext([rewritersPackage]);
  const r = await ctx.create('rewriter', { plugin: 'llm.rewrite', options: { model: { plugin: 'openai', base_url: s.url, model: 'm', retries: 0 }, ...options } });
  cleanups.push(async () => r.close?.());
  return { s, r };
}

const messages = (r: RecordedRequest) => r.body.messages as Array<{ role: string; content: string }>;
const input = { prefix: 'Marie Curie was born in Warsaw in the year', suffix: ' 1869 and studied in Paris.', k: 8 };

describe('llm.rewrite over an OpenAI-compatible server', () => {
  it('seeds the prompt with the last five prefix words and strips them from the answer', async () => {
    const { s, r } = await rewriter({ kind: 'ok', text: 'Warsaw in the year 1867 and studied in Paris.' });
    expect(await r.rewrite(input, { seed: 9, sample: 0 })).toEqual({ ok: true, text: ' 1867 and studied in Paris.', usage: { promptTokens: 10, completionTokens: 5 } });
    const user = messages(s.requests[0]).at(-1)?.content ?? '';
    expect(user).toMatch(/go on from there:\nin Warsaw in the year$/);
    expect(user).toContain('about 6 words (about 8 tokens)');
    expect(s.requests[0].body.max_tokens).toBe(48);
    expect(s.requests[0].body.seed).toBe(9);
  });

  it('prefill mode sends the seed as an assistant message to continue', async () => {
    const { s, r } = await rewriter({ kind: 'ok', text: ' 1867 and studied in Paris.' }, { prefill: true });
    expect(await r.rewrite(input, { seed: 1, sample: 0 })).toMatchObject({ ok: true, text: ' 1867 and studied in Paris.' });
    expect(messages(s.requests[0]).at(-1)).toEqual({ role: 'assistant', content: 'in Warsaw in the year' });
  });

  it('abstains with the raw answer when nothing follows the seed, and when the server fails', async () => {
    const { r, s } = await rewriter({ kind: 'ok', text: 'Warsaw in the year' });
    expect(await r.rewrite(input, { seed: 1, sample: 0 })).toMatchObject({ ok: false, raw: 'Warsaw in the year', reason: 'the model returned no continuation after the seed words' });
    s.fallback = { kind: 'status', status: 500 };
    expect(await r.rewrite(input, { seed: 1, sample: 0 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^model call failed \(completion\.unavailable/) });
  });

  it('copy returns the suffix unchanged', async () => {
    const { ctx } = testContext([rewritersPackage]);
    const copy = await ctx.create('rewriter', { plugin: 'copy', options: {} });
    expect(await copy.rewrite(input, { seed: 1, sample: 0 })).toEqual({ ok: true, text: input.suffix });
  });
});
