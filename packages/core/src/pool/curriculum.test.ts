import { describe, expect, it } from 'vitest';
import { SptError } from '../errors';
import { deriveSeed } from '../util/rng';
import { createCurriculum, joinsPool } from './curriculum';

describe('curriculum', () => {
  const c = createCurriculum({
    weights: { rollouts: { kind: 'linear', from: 0, to: 1, start: 0, end: 100 }, rewrite: { kind: 'constant', value: 0 } },
    params: { temperature: { kind: 'step', values: [1, 0.7], boundaries: [50] } },
  });
  it('weights by step, missing sources weigh 1, recipe spelling "rollouts" works', () => {
    expect(c.sourceWeight('rollout', 50)).toBe(0.5);
    expect(c.sourceWeight('original', 50)).toBe(1);
    expect(c.sourceWeight('rewrite', 50)).toBe(0);
  });
  it('scheduled parameters', () => {
    expect(c.value('temperature', 10)).toBe(1);
    expect(c.value('temperature', 60)).toBe(0.7);
    expect(c.value('beta', 60)).toBeUndefined();
  });
  it('rejects weights outside [0, 1]', () => {
    expect(() => createCurriculum({ weights: { rollout: { kind: 'constant', value: 2 } }, params: {} })).toThrow(SptError);
  });
});

describe('joinsPool', () => {
  it('0 never, 1 always, p about p of the time, seeded', () => {
    const draws = (w: number) => Array.from({ length: 4000 }, (_, i) => joinsPool(w, deriveSeed(1, 'w', i)));
    expect(draws(0).some(Boolean)).toBe(false);
    expect(draws(1).every(Boolean)).toBe(true);
    const rate = draws(0.25).filter(Boolean).length / 4000;
    expect(Math.abs(rate - 0.25)).toBeLessThan(0.03);
    expect(joinsPool(0.5, 42)).toBe(joinsPool(0.5, 42));
  });
});
