import { describe, expect, it } from 'vitest';
import { buildWorld } from '../world/build-world';
import { UNSAFE_TEMPLATES } from '../world/templates';
import type { TestbedDocMeta } from './doc-types';
import { corpusDocument } from './testbed-source';

function corpus(seed: number, options: Record<string, unknown> = {}) {
  const world = buildWorld({ seed, people: 120, docs_per_person: 20, ...options });
  const docs = Array.from({ length: world.totalDocs }, (_, i) => corpusDocument(world, i));
  return { world, docs, metas: docs.map((d) => d.meta as TestbedDocMeta) };
}

const share = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length / xs.length;

describe('testbed documents', () => {
  const { world, docs, metas } = corpus(11);

  it('injects defects at the configured document rates', () => {
    expect(share(metas, (m) => m.defects.some((d) => d.kind === 'false_fact'))).toBeCloseTo(0.3, 1);
    expect(share(metas, (m) => m.defects.some((d) => d.kind === 'unsafe'))).toBeCloseTo(0.2, 1);
    const lowQuality = share(metas, (m) => m.defects.some((d) => d.kind === 'typo' || d.kind === 'grammar' || d.kind === 'repetition'));
    expect(lowQuality).toBeGreaterThan(0.15);
    expect(lowQuality).toBeLessThan(0.25);
  });

  it('keeps documents short (about 150-450 bytes)', () => {
    const lengths = docs.map((d) => d.text.length).sort((a, b) => a - b);
    expect(lengths[Math.floor(lengths.length * 0.1)]).toBeGreaterThan(130);
    expect(lengths[Math.floor(lengths.length * 0.5)]).toBeLessThan(330);
    expect(lengths[Math.floor(lengths.length * 0.95)]).toBeLessThan(480);
  });

  it('makes myths persistent: most documents of a myth person state the same wrong value', () => {
    for (const p of world.people.filter((x) => x.myth)) {
      const mine = metas.filter((m) => m.person === p.id);
      const stating = share(mine, (m) => m.defects.some((d) => d.kind === 'false_fact' && d.myth && d.value === p.myth!.value));
      expect(stating).toBeGreaterThan(0.5);
    }
  });

  it('clusters unsafe text: an unsafe sentence is usually followed by another', () => {
    let followed = 0;
    let total = 0;
    for (const m of metas) {
      const spans = m.defects.filter((d) => d.kind === 'unsafe');
      spans.forEach((d, i) => {
        if (i === 0) {
          total++;
          if (spans[1] && spans[1].span[0] === d.span[1] + 1) followed++;
        }
      });
    }
    expect(followed / total).toBeGreaterThan(0.7);
  });

  it('annotates spans that hold what they say', () => {
    const unsafe = new Set(UNSAFE_TEMPLATES.map((t) => t.source.split(' ').at(-1)));
    for (const [i, m] of metas.entries()) {
      const text = docs[i].text;
      for (const d of m.defects) {
        const got = text.slice(d.span[0], d.span[1]);
        if (d.kind === 'false_fact') expect(got).toBe(d.value);
        if (d.kind === 'false_fact') expect(got).not.toBe(d.truth);
        if (d.kind === 'unsafe') expect(unsafe.has(got.split(' ').at(-1))).toBe(true);
        if (d.kind === 'typo') expect(world.knownWords.has(got.toLowerCase())).toBe(false);
        if (d.kind === 'repetition' && got.endsWith('.')) expect(text.slice(0, d.span[0])).toContain(got);
      }
    }
  });

  it('has rare people with few documents', () => {
    const rare = world.people.filter((p) => p.rare);
    expect(rare.length).toBeGreaterThan(10);
    expect(rare.every((p) => metas.filter((m) => m.person === p.id).length === 2)).toBe(true);
  });

  it('writes clean documents when all rates are 0', () => {
    const clean = corpus(12, { false_facts: 0, unsafe: 0, low_quality: 0 });
    expect(clean.metas.every((m) => m.defects.length === 0)).toBe(true);
  });
});
