import { describe, expect, it } from 'vitest';
import { editDistance, similarity, similarVerifierPlugin } from './similar';

describe('verify.similar', () => {
  it('edit distance and similarity by hand', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(similarity(' She ran home.\nmore', 'She ran home.')).toBe(1);
    expect(similarity('She ran hom.', 'She ran home.')).toBeCloseTo(1 - 1 / 13, 10);
    expect(similarity('', '')).toBe(1);
    expect(similarity('xyz', 'abc')).toBe(0);
  });

  it('scores against the meta label and abstains without one', async () => {
    const judge = await similarVerifierPlugin.create({ field: 'answer' }, {} as never);
    expect(await judge.judge({ prefix: 'p', candidate: ' abcd', meta: { answer: 'abce' } }, { seed: 0, sample: 0 })).toEqual({ ok: true, score: 0.75 });
    expect((await judge.judge({ prefix: 'p', candidate: 'x' }, { seed: 0, sample: 0 })).ok).toBe(false);
  });
});
