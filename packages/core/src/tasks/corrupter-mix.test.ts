import { describe, expect, it } from 'vitest';
import type { Rewriter } from '../spec/rewriter';
import { corrupterMix } from './corrupter-mix';

/** A corrupter that tags the suffix with its name, or refuses. */
const part = (name: string, refuses = false): Rewriter => ({
  name,
  version: '1',
  rewrite: async (input) => (refuses ? { ok: false, reason: `${name} cannot` } : { ok: true, text: `${input.suffix}+${name}` }),
});
const input = { prefix: 'p', suffix: 's', k: 4 };
const made = async (r: Rewriter, seeds: number[]) => Promise.all(seeds.map(async (seed) => r.rewrite(input, { seed, sample: 0 })));
const seeds = Array.from({ length: 200 }, (_, i) => i);

describe('corrupterMix', () => {
  it('one corrupter is itself', () => {
    const a = part('a');
    expect(corrupterMix([a])).toBe(a);
  });

  it('each task draws one corrupter by its seed: about evenly, the same draw for the same seed', async () => {
    const mix = corrupterMix([part('a'), part('b'), part('c')]);
    const out = await made(mix, seeds);
    expect(await made(mix, seeds)).toEqual(out);
    for (const name of ['a', 'b', 'c']) {
      const n = out.filter((r) => r.ok && r.text.endsWith(`+${name}`)).length;
      expect(n).toBeGreaterThan(40);
      expect(n).toBeLessThan(95);
    }
  });

  it('falls back to the others when the drawn one refuses, and refuses with every reason when all do', async () => {
    const out = await made(corrupterMix([part('a', true), part('b')]), seeds);
    expect(out.every((r) => r.ok && r.text === 's+b')).toBe(true);
    const none = await corrupterMix([part('a', true), part('b', true)]).rewrite(input, { seed: 3, sample: 0 });
    expect(none).toMatchObject({ ok: false });
    if (!none.ok) expect(none.reason).toMatch(/a: a cannot.*b: b cannot|b: b cannot.*a: a cannot/);
  });
});
