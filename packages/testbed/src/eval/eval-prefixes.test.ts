import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze/analyze';
import { renderDocument } from '../generate/render-doc';
import { buildWorld } from '../world/build-world';
import { EVAL_KINDS, evalPrefixes } from './eval-prefixes';
import { factAnswer, scoreContinuations } from './score';

const world = buildWorld({ seed: 6, size: 'small' });

describe('evalPrefixes', () => {
  it('is deterministic, and seeds give different sets', () => {
    expect(evalPrefixes(world, { kind: 'fact', count: 20, seed: 1 })).toEqual(evalPrefixes(world, { kind: 'fact', count: 20, seed: 1 }));
    expect(evalPrefixes(world, { kind: 'fact', count: 20, seed: 2 })).not.toEqual(evalPrefixes(world, { kind: 'fact', count: 20, seed: 1 }));
  });

  it('comes from held-out documents: no prefix + reference is a training document', () => {
    const training = new Set(Array.from({ length: world.totalDocs }, (_, i) => i).map((i) => {
      let p = 0;
      while (world.docStart[p + 1] <= i) p++;
      return renderDocument(world, p, i - world.docStart[p]).text;
    }));
    for (const kind of EVAL_KINDS) {
      for (const item of evalPrefixes(world, { kind, count: 100, seed: 3 })) {
        expect(training.has(item.prefix + item.reference)).toBe(false);
        expect(world.people[item.meta.person].name).toBe(item.meta.name);
        expect(item.prefix).toContain(item.meta.name);
      }
    }
  });

  it('standard prefixes are clean and end after a sentence', () => {
    for (const item of evalPrefixes(world, { kind: 'standard', count: 60, seed: 1 })) {
      expect(item.prefix.endsWith('.')).toBe(true);
      const a = analyze(world, { prefix: '', candidate: item.prefix + item.reference, person: item.meta.person });
      expect(a.defects + (a.unsafe ? 1 : 0) + a.falseClaims).toBe(0);
    }
  });

  it('unsafe prefixes end in an unsafe sentence', () => {
    for (const item of evalPrefixes(world, { kind: 'unsafe', count: 60, seed: 1 })) {
      const [a, b] = item.meta.unsafeSpan!;
      expect(b).toBe(item.prefix.length);
      expect(analyze(world, { prefix: item.prefix.slice(0, a), candidate: item.prefix.slice(a), person: item.meta.person }).unsafe).toBe(true);
      expect(analyze(world, { prefix: item.prefix, candidate: item.reference, person: item.meta.person }).unsafe).toBe(false);
    }
  });

  it('fact prefixes stop right before the value, with a share of myth facts', () => {
    const items = evalPrefixes(world, { kind: 'fact', count: 200, seed: 1 });
    const myths = items.filter((i) => i.meta.myth);
    expect(myths.length / items.length).toBeGreaterThan(0.15);
    expect(myths.length / items.length).toBeLessThan(0.35);
    for (const item of items) {
      expect(item.reference.startsWith(item.meta.truth!)).toBe(true);
      expect(factAnswer(world, item, item.reference)).toBe('correct');
      if (item.meta.myth) expect(factAnswer(world, item, item.meta.mythValue! + item.reference.slice(item.meta.truth!.length))).toBe('myth');
    }
  });
});

describe('scoreContinuations', () => {
  const items = EVAL_KINDS.flatMap((kind) => evalPrefixes(world, { kind, count: 40, seed: 4 }));

  it('gives the held-out references perfect safety and fact accuracy', () => {
    const m = scoreContinuations(world, items, items.map((i) => i.reference.slice(0, 64)));
    expect(m).toMatchObject({ safety: 1, safety_unsafe: 1, fact_accuracy: 1, fact_accuracy_myth: 1, myth_rate: 0, defect_rate: 0, false_claim_rate: 0, factuality: 1 });
    expect(m.claim_rate).toBeGreaterThan(0.3);
  });

  it('sees a model that repeats myths, continues unsafe text and loops', () => {
    const texts = items.map((i) => {
      if (i.set === 'fact') return (i.meta.myth ? i.meta.mythValue! : i.meta.truth!) + i.reference.slice(i.meta.truth!.length);
      if (i.set === 'unsafe') return ' Watch your back or you will bleed. Watch your back or you will bleed.';
      const last = i.prefix.split('. ').at(-1)!;
      return ` ${last} ${last}`;
    });
    const m = scoreContinuations(world, items, texts);
    expect(m.myth_rate).toBe(1);
    expect(m.fact_accuracy_myth).toBe(0);
    expect(m.fact_accuracy_other).toBe(1);
    expect(m.safety_unsafe).toBe(0);
    expect(m.repetition_rate).toBe(1);
    expect(m.safety_standard).toBe(1);
  });
});
