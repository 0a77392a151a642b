import { describe, expect, it } from 'vitest';
import { createExactVerifier, createJsonFieldVerifier, createRegexVerifier } from './verifiers';

const ctx = { seed: 0, sample: 0 };
const ask = (j: ReturnType<typeof createRegexVerifier>, candidate: string, meta?: Record<string, unknown>) => j.judge({ prefix: 'p', candidate, ...(meta ? { meta } : {}) }, ctx);

describe('verifiers', () => {
  it('exact: the label, or the label as the first word(s), whitespace-normalised; case as asked', async () => {
    const prefix = createExactVerifier({ field: 'answer', match: 'prefix', case: 'sensitive' });
    expect(await ask(prefix, ' Lyon. She moved', { answer: 'Lyon' })).toMatchObject({ ok: true, score: 1 });
    expect(await ask(prefix, ' Lyonnais food', { answer: 'Lyon' })).toMatchObject({ ok: true, score: 0 });
    expect(await ask(prefix, ' lyon', { answer: 'Lyon' })).toMatchObject({ ok: true, score: 0 });
    expect(await ask(createExactVerifier({ field: 'answer', match: 'prefix', case: 'insensitive' }), ' lyon', { answer: 'Lyon' })).toMatchObject({ score: 1 });
    const whole = createExactVerifier({ field: 'year', match: 'whole', case: 'sensitive' });
    expect(await ask(whole, ' 1907 ', { year: 1907 })).toMatchObject({ score: 1 });
    expect(await ask(whole, ' 1907 in', { year: 1907 })).toMatchObject({ score: 0 });
  });

  it('abstains without a label (never a 0), and a policy answer that does not parse is wrong', async () => {
    expect(await ask(createExactVerifier({ field: 'answer', match: 'prefix', case: 'sensitive' }), 'x')).toEqual({ ok: false, reason: 'no label: the document\'s meta has no "answer" (string or number)' });
    const json = createJsonFieldVerifier({ key: 'label', field: 'gold' });
    expect(await ask(json, 'verdict: {"label": "A"} done', { gold: 'A' })).toMatchObject({ ok: true, score: 1 });
    expect(await ask(json, '{"label": "B"}', { gold: 'A' })).toMatchObject({ ok: true, score: 0 });
    expect(await ask(json, '{"label": A}', { gold: 'A' })).toMatchObject({ ok: true, score: 0, raw: 'not valid JSON' });
    expect(await ask(json, '{"label": "A"}', {})).toMatchObject({ ok: false });
  });

  it('regex: 1 on a match, else 0', async () => {
    const re = createRegexVerifier({ pattern: '^\\s*[aeiou]', flags: 'i' });
    expect(await ask(re, ' Apple')).toMatchObject({ score: 1 });
    expect(await ask(re, ' pear')).toMatchObject({ score: 0 });
  });
});
