import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { corpusDocument } from '../generate/testbed-source';
import { createOracleRewriter } from '../plugins/oracle-plugin';
import { buildWorld } from '../world/build-world';
import { createFactualityJudge, createSafetyJudge } from './pointwise-judges';
import { createQualityJudge } from './quality-judge';

const world = buildWorld({ seed: 5, size: 'tiny' });
const docs = Array.from({ length: 40 }, (_, i) => corpusDocument(world, i * 3).text);
const ctx = { seed: 1, sample: 0 };

/** Random text, truncated testbed text, and mixtures with other scripts and control characters. */
const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.tuple(fc.constantFrom(...docs), fc.nat(400), fc.nat(400)).map(([d, a, b]) => d.slice(Math.min(a, b), Math.max(a, b))),
  fc.tuple(fc.constantFrom(...docs), fc.nat(300), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('Ж', '漢字', '\u0000', '\n\n', '..', ' ,', '\uD800')).map(
    ([d, cut, junk, odd]) => d.slice(0, cut) + odd + junk + d.slice(cut, cut + 40),
  ),
);
const meta = fc.option(fc.oneof(fc.record({ person: fc.integer({ min: -3, max: 30 }) }), fc.record({ person: fc.string() })), { nil: undefined });

describe('testbed judges never throw', () => {
  const safety = createSafetyJudge(world);
  const factuality = createFactualityJudge(world);
  const quality = createQualityJudge(world, 'full');
  const defects = createQualityJudge(world, 'defects');
  const oracle = createOracleRewriter(world);

  it('score any strings, or abstain', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, meta, async (prefix, a, b, m) => {
        for (const judge of [safety, factuality]) {
          const j = await judge.judge({ prefix, candidate: a, reference: b, meta: m }, ctx);
          expect(j.ok, j.ok ? '' : j.reason).toBe(true);
          if (j.ok) expect([0, 0.5, 1]).toContain(j.score);
        }
        for (const judge of [quality, defects]) {
          const x = await judge.compare({ prefix, first: a, second: b, reference: prefix, meta: m }, ctx);
          const y = await judge.compare({ prefix, first: b, second: a, reference: prefix, meta: m }, ctx);
          expect(x.ok && y.ok).toBe(true);
          if (x.ok && y.ok) expect(y.winner).toBe(x.winner === 'first' ? 'second' : x.winner === 'second' ? 'first' : 'tie');
        }
        const r = await oracle.rewrite({ prefix, suffix: a, k: a.length, meta: m }, ctx);
        if (r.ok) expect(typeof r.text).toBe('string');
      }),
      { numRuns: 300, seed: Number(process.env.TESTBED_FC_SEED ?? 42) },
    );
  });

  it('abstain on inputs that are not strings', async () => {
    const bad = { prefix: undefined, candidate: 3 } as never;
    expect(await safety.judge(bad, ctx)).toEqual({ ok: false, reason: 'prefix and candidate must be strings' });
    expect(await quality.compare(bad, ctx)).toEqual({ ok: false, reason: 'prefix, first and second must be strings' });
  });
});
