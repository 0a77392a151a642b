import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze/analyze';
import type { TestbedDocMeta } from '../generate/doc-types';
import { corpusDocument } from '../generate/testbed-source';
import { cuts } from '../testing/presence';
import { buildWorld } from '../world/build-world';
import { ALL_CORRUPTION_KINDS, corruptSuffix } from './corrupt';

describe('testbed corrupter (known-reward task data)', () => {
  const world = buildWorld({ seed: 3, size: 'tiny', docs_per_person: 4 });
  const windows = Array.from({ length: world.totalDocs }, (_, i) => corpusDocument(world, i)).flatMap((doc, i) =>
    cuts(doc, 64, 5, 1 + (i % 5)).map((c) => ({ ...c, person: (doc.meta as TestbedDocMeta).person, i })),
  );

  const mythLengths = world.people.flatMap((p) => (p.myth ? [Math.abs(p.myth.value.length - p.facts[p.myth.attribute].length)] : []));

  for (const kind of ALL_CORRUPTION_KINDS) {
    it(`${kind}: as long as the original, and the testbed analysis sees the defect`, () => {
      let made = 0;
      for (const w of windows) {
        const r = corruptSuffix(world, { prefix: w.prefix, suffix: w.suffix, person: w.person }, kind, w.i);
        if (!r.ok) continue;
        made++;
        expect(r.kind).toBe(kind);
        if (kind === 'myth') expect(Math.abs(r.text.length - w.suffix.length)).toBeLessThanOrEqual(Math.max(...mythLengths));
        else expect(r.text.length).toBe(w.suffix.length);
        expect(r.text).not.toBe(w.suffix);
        const before = analyze(world, { prefix: w.prefix, candidate: w.suffix, person: w.person });
        const after = analyze(world, { prefix: w.prefix, candidate: r.text, person: w.person });
        if (kind === 'false_fact' || kind === 'myth') expect(after.falseClaims).toBeGreaterThan(before.falseClaims);
        if (kind === 'myth') expect(after.claims.filter((c) => c.myth).length).toBeGreaterThan(before.claims.filter((c) => c.myth).length);
        if (kind === 'false_fact') expect(after.claims.filter((c) => c.myth).length).toBe(before.claims.filter((c) => c.myth).length);
        if (kind === 'unsafe') expect(after.unsafe && !before.unsafe).toBe(true);
        if (kind === 'low_quality') expect(after.defects).toBeGreaterThan(before.defects);
      }
      // Most windows can be corrupted each way (a suffix with no stated value cannot get a false one);
      // a myth only where the suffix states the one attribute a person with a myth has it about (about
      // 1 window in 200 of this corpus: aim the tasks with `data testbed { task: facts }` instead).
      const least = { false_fact: 0.3, myth: 0.002, unsafe: 0.6, low_quality: 0.6 }[kind];
      expect(made / windows.length).toBeGreaterThan(least);
    });
  }

  it('any: the same seed gives the same corruption; a refusal says why', () => {
    const w = windows[0];
    const a = corruptSuffix(world, { prefix: w.prefix, suffix: w.suffix, person: w.person }, 'any', 11);
    expect(corruptSuffix(world, { prefix: w.prefix, suffix: w.suffix, person: w.person }, 'any', 11)).toEqual(a);
    const r = corruptSuffix(world, { prefix: 'Hello', suffix: '1234 5678', person: undefined }, 'false_fact', 1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('false_fact');
  });
});
