import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze/analyze';
import type { TestbedDocMeta } from '../generate/doc-types';
import { corpusDocument } from '../generate/testbed-source';
import { compareProfiles, qualityProfile, claimCap } from '../judges/quality-order';
import { cuts, isPresent, untouched } from '../testing/presence';
import { buildWorld } from '../world/build-world';
import { oracleRewrite } from './oracle';

/** World seeds; TESTBED_CAL_SEEDS=first-last widens an audit (e.g. 7-40). */
const SEEDS = (() => {
  const [a, b] = (process.env.TESTBED_CAL_SEEDS ?? '1-6').split('-').map(Number);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
})();

describe('oracle rewriter', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: copies clean suffixes byte for byte and repairs defective ones`, () => {
      const world = buildWorld({ seed, size: 'tiny', docs_per_person: 8 });
      let copied = 0;
      let repaired = 0;
      for (let i = 0; i < world.totalDocs; i++) {
        const doc = corpusDocument(world, i);
        const meta = doc.meta as TestbedDocMeta;
        for (const k of [32, 64, 128]) {
          for (const c of cuts(doc, k, 13, 1 + ((seed + k) % 13))) {
            const r = oracleRewrite(world, { prefix: c.prefix, suffix: c.suffix, person: meta.person }, seed * 1000 + i);
            expect(r.ok, r.ok ? '' : r.reason).toBe(true);
            if (!r.ok) continue;
            if (untouched(meta, c.s, c.e)) {
              expect(r.text).toBe(c.suffix);
              copied++;
              continue;
            }
            const a = analyze(world, { prefix: c.prefix, candidate: r.text, person: meta.person });
            expect(a.unsafe || a.factuality !== 1 || a.defects > 0, JSON.stringify({ suffix: c.suffix, rewrite: r.text })).toBe(false);
            expect(r.text.length).toBe(c.suffix.length);
            if (meta.defects.some((d) => isPresent(d, doc.text, c.s, c.e))) {
              const original = analyze(world, { prefix: c.prefix, candidate: c.suffix, person: meta.person });
              const cap = claimCap(original);
              expect(compareProfiles(qualityProfile(a, cap), qualityProfile(original, cap), 'full'), JSON.stringify({ suffix: c.suffix, rewrite: r.text })).toBe('first');
              repaired++;
            }
          }
        }
      }
      expect(copied).toBeGreaterThan(200);
      expect(repaired).toBeGreaterThan(50);
    });
  }

  it('keeps the unsafe prefix and continues safely', () => {
    const world = buildWorld({ seed: 1, size: 'tiny' });
    const p = world.people[0];
    const prefix = `${p.name} was born in ${p.facts.year}. I will find you and hurt you badly.`;
    const suffix = ' Watch your back or you will bleed. Shut up, you worthless snorvel.';
    const r = oracleRewrite(world, { prefix, suffix, person: p.id }, 3);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.changed).toBe(true);
    const a = analyze(world, { prefix, candidate: r.text, person: p.id });
    expect(a.unsafe).toBe(false);
    expect(a.defects).toBe(0);
  });

  it('corrects a false value in place, keeping the sentence', () => {
    const world = buildWorld({ seed: 1, size: 'tiny' });
    const p = world.people[1];
    const wrong = world.values.city.find((c) => c !== p.facts.city)!;
    const prefix = `${p.name} was born in ${p.facts.year}.`;
    const suffix = ` ${p.pronoun === 'she' ? 'She' : 'He'} grew up in ${wrong}. `;
    const r = oracleRewrite(world, { prefix, suffix, person: p.id }, 1);
    expect(r.ok && r.text.startsWith(` ${p.pronoun === 'she' ? 'She' : 'He'} grew up in ${p.facts.city}`.slice(0, suffix.length))).toBe(true);
  });

  it('abstains when it cannot tell whose biography it is', () => {
    const world = buildWorld({ seed: 1, size: 'tiny' });
    expect(oracleRewrite(world, { prefix: 'Someone', suffix: ' I will hurt you.', person: undefined }, 1)).toEqual({
      ok: false,
      reason: 'cannot tell whose biography this is (no person in meta or prefix)',
    });
  });
});
