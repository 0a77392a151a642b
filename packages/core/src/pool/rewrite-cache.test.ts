import { describe, expect, it } from 'vitest';
import { createMemoryJudgmentCache } from '../judging/memory-cache';
import type { Window } from '../spec/windower';
import { createBigramBackend } from '../testing/bigram-backend';
import { createRecordingRewriter } from '../testing/mock-world';
import { createRewriteSource } from './builtin-sources';

const window = (i: number): Window => ({ docId: `d${i}`, index: 0, prefixTokens: [], suffixTokens: [], prefix: `prefix ${i} `, suffix: `the suffix of ${i}` });
const windows = [window(0), window(1), window(2)];
const backend = createBigramBackend();
const ctx = (step: number, seed = 7) => ({ backend, step, seed, k: 4 });

describe('rewrites are cached like judgments', () => {
  it('a second pass over the same windows, step and seed asks the rewriter nothing and gives the same rewrites', async () => {
    const rewriter = createRecordingRewriter((input) => input.suffix.toUpperCase());
    const cache = createMemoryJudgmentCache();
    const source = createRewriteSource(rewriter, { fit: 'keep', concurrency: 4, cache, identity: 'r@1#x' });
    const first = await source.produce(windows, ctx(3));
    expect(rewriter.calls).toHaveLength(3);
    // another run (or arm, or a resume) with its own source object over the same cache
    const again = await createRewriteSource(rewriter, { fit: 'keep', concurrency: 4, cache, identity: 'r@1#x' }).produce(windows, ctx(3));
    expect(rewriter.calls).toHaveLength(3);
    expect(again.candidates).toEqual(first.candidates);
  });

  it('another seed, step, rewriter identity or suffix is another key; failures are not cached', async () => {
    let fail = true;
    const rewriter = createRecordingRewriter((input) => (input.suffix.endsWith('2') && fail ? { ok: false, reason: 'busy' } : input.suffix));
    const cache = createMemoryJudgmentCache();
    const make = (identity: string) => createRewriteSource(rewriter, { fit: 'keep', concurrency: 4, cache, identity });
    await make('r@1#x').produce(windows, ctx(3));
    expect(rewriter.calls).toHaveLength(3);
    await make('r@1#x').produce(windows, ctx(3, 8));
    await make('r@1#x').produce(windows, ctx(4));
    await make('r@2#x').produce(windows, ctx(3));
    expect(rewriter.calls).toHaveLength(12);
    fail = false;
    const retried = await make('r@1#x').produce(windows, ctx(3));
    expect(rewriter.calls).toHaveLength(13); // only the window whose rewrite failed is asked again
    expect(retried.candidates[2][0]?.text).toBeDefined();
    await make('r@1#x').produce([{ ...window(0), suffix: 'changed' }], ctx(3));
    expect(rewriter.calls).toHaveLength(14);
  });

  it('without a cache every pass asks the rewriter', async () => {
    const rewriter = createRecordingRewriter((input) => input.suffix);
    const source = createRewriteSource(rewriter, { fit: 'keep', concurrency: 4 });
    await source.produce(windows, ctx(3));
    await source.produce(windows, ctx(3));
    expect(rewriter.calls).toHaveLength(6);
  });
});
