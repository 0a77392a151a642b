import { describe, expect, it } from 'vitest';
import { createBigramBackend } from '../testing/bigram-backend';
import { greedyContinuations } from './greedy-continuations';

describe('greedyContinuations', () => {
  const prompts = Array.from({ length: 5 }, (_, i) => ({ id: String(i), set: 's', prefix: `prefix number ${i} `.repeat(i + 1) }));

  it('decodes greedily (temperature 0) in batches, whatever the batch size', async () => {
    const backend = createBigramBackend({ seed: 2 });
    const batches: number[] = [];
    const two = await greedyContinuations(backend, prompts, 6, { batch: 2, onBatch: (done) => batches.push(done) });
    expect(batches).toEqual([2, 4, 5]);
    expect(backend.calls.filter((c) => c.method === 'generate').map((c) => c.detail.prompts)).toEqual([2, 2, 1]);
    expect(await greedyContinuations(backend, prompts, 6)).toEqual(two);
    expect(two.every((t) => [...t].length <= 6)).toBe(true);
  });

  it('keeps the last tokens of a prefix longer than the context allows', async () => {
    const backend = createBigramBackend({ seed: 2, maxContext: 20 });
    const long = [{ id: 'l', set: 's', prefix: 'x'.repeat(100) + 'the end' }];
    const texts = await greedyContinuations(backend, long, 4);
    expect(texts).toHaveLength(1);
    expect(await greedyContinuations(backend, [{ id: 's', set: 's', prefix: 'x'.repeat(9) + 'the end' }], 4)).toEqual(texts);
  });
});
