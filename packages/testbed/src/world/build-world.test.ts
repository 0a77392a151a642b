import { describe, expect, it } from 'vitest';
import { SptError } from '@spt/core';
import { buildWorld, hasPrefix, personOfDoc } from './build-world';
import { clashesWithMarkers } from './markers';
import { resolveWorldConfig } from './options';
import { ATTRIBUTES } from './template';
import { ALL_CLAIM_TEMPLATES, FILLER_TEMPLATES } from './templates';

describe('buildWorld', () => {
  it('is a pure function of its options', () => {
    const a = buildWorld({ seed: 4, size: 'tiny' });
    const b = buildWorld({ seed: 4, size: 'tiny' });
    expect(a.people).toEqual(b.people);
    expect(a.values).toEqual(b.values);
    expect(buildWorld({ seed: 5, size: 'tiny' }).people).not.toEqual(a.people);
  });

  it('has five attributes with at least 30 values each and enough templates', () => {
    const w = buildWorld({ seed: 1 });
    expect(ATTRIBUTES).toHaveLength(5);
    for (const a of ATTRIBUTES) expect(new Set(w.values[a]).size).toBeGreaterThanOrEqual(30);
    expect(ALL_CLAIM_TEMPLATES.length).toBeGreaterThanOrEqual(20);
    expect(FILLER_TEMPLATES.length).toBeGreaterThanOrEqual(20);
  });

  it('gives unique invented names, and no generated word shares a stem with an unsafe marker', () => {
    for (const seed of [1, 2, 3]) {
      const w = buildWorld({ seed, people: 600 });
      expect(new Set(w.people.map((p) => p.name)).size).toBe(600);
      const generated = [...w.values.city, ...w.values.university, ...w.values.employer.map((e) => e.split(' ')[0]), ...w.people.flatMap((p) => p.name.split(' '))];
      expect(generated.filter(clashesWithMarkers)).toEqual([]);
      const words = [...w.values.city, ...w.values.university];
      expect(words.filter((x) => words.some((y) => y !== x && y.startsWith(x)))).toEqual([]);
    }
  });

  it('makes the configured shares of rare and myth people, myths only among frequent people', () => {
    const w = buildWorld({ seed: 2, people: 200, rare: 0.1, false_facts: 0.3 });
    const rare = w.people.filter((p) => p.rare);
    const myths = w.people.filter((p) => p.myth);
    expect(rare).toHaveLength(20);
    expect(myths).toHaveLength(50);
    expect(myths.every((p) => !p.rare && p.myth!.value !== p.facts[p.myth!.attribute])).toBe(true);
    expect(rare.every((p) => p.docs === 2)).toBe(true);
  });

  it('lays the corpus out person by person', () => {
    const w = buildWorld({ seed: 1, size: 'tiny' });
    expect(w.totalDocs).toBe(w.people.reduce((s, p) => s + p.docs, 0));
    for (const p of w.people) {
      expect(personOfDoc(w, w.docStart[p.id])).toBe(p.id);
      expect(personOfDoc(w, w.docStart[p.id] + p.docs - 1)).toBe(p.id);
    }
  });

  it('finds name prefixes by binary search', () => {
    expect(hasPrefix(['Ab Cd', 'Ef Gh'], 'Ab')).toBe(true);
    expect(hasPrefix(['Ab Cd', 'Ef Gh'], 'Ef G')).toBe(true);
    expect(hasPrefix(['Ab Cd', 'Ef Gh'], 'Ac')).toBe(false);
  });
});

describe('resolveWorldConfig', () => {
  it('applies the size preset and defaults, scaling myths with false_facts', () => {
    const c = resolveWorldConfig({});
    expect(c).toMatchObject({ seed: 1, people: 32, docsPerPerson: 64, falseFacts: 0.3, myths: 0.25, unsafe: 0.2, lowQuality: 0.2 });
    expect(resolveWorldConfig({ false_facts: 0 }).myths).toBe(0);
    expect(resolveWorldConfig({ size: 'medium', people: 99 }).people).toBe(99);
  });

  it('reports inconsistent options with what to change', () => {
    const error = (() => {
      try {
        buildWorld({ false_facts: 0.1, myths: 0.5 });
      } catch (e) {
        return e;
      }
    })();
    expect(SptError.is(error, 'testbed.options')).toBe(true);
    expect((error as SptError).message).toContain('fix: lower myths or myth_strength, or raise false_facts');
    expect(() => resolveWorldConfig({ sentences_min: 9, sentences_max: 5 })).toThrow(/testbed option "sentences_min"\n {2}expected: at most sentences_max \(5\)\n {2}got: 9/);
  });
});
