import { describe, expect, it } from 'vitest';
import { createRegistry, type PluginContext, type PointwiseJudge } from '@spt/core';
import lexical from './index';
import { createRepetitionJudge, novelNgramShare, repetitionOptions } from './repetition';
import { ngrams, words } from './text';

const ctx = { seed: 1, sample: 0 };
const judgeWith = (options: object) => createRepetitionJudge(repetitionOptions.parse(options));

describe('novelNgramShare', () => {
  it('is 1 for text without a repeated n-gram and falls as a phrase loops', () => {
    const fresh = words('Ada Byron was born in London in 1815 and studied mathematics.');
    expect(novelNgramShare(fresh, 3)).toBe(1);
    const loop = words('the cat sat on the mat the cat sat on the mat the cat sat on the mat');
    // 16 trigrams, 6 distinct: 'the cat sat', 'cat sat on', 'sat on the', 'on the mat', 'the mat the', 'mat the cat'
    expect(novelNgramShare(loop, 3)).toBeCloseTo(6 / 16, 12);
  });

  it('counts n-grams of the context as already seen', () => {
    const prefix = words('she said the rain in spain stays mainly');
    const copy = words('the rain in spain stays mainly on the plain');
    expect(novelNgramShare(copy, 3)).toBe(1);
    expect(novelNgramShare(copy, 3, prefix)).toBeCloseTo(3 / 7, 12);
  });

  it('is undefined without a single n-gram', () => {
    expect(novelNgramShare(['one', 'two'], 3)).toBeUndefined();
    expect(ngrams(['a', 'b', 'c'], 2)).toEqual(['a b', 'b c']);
  });
});

describe('lexical.repetition judge', () => {
  it('abstains (returns a failed judgment, never throws) on candidates shorter than min_words', async () => {
    const judge = judgeWith({ min_words: 5 });
    await expect(judge.judge({ prefix: 'x', candidate: 'too short here' }, ctx)).resolves.toEqual({
      ok: false,
      reason: 'too short to judge: 3 words < min_words 5',
    });
  });

  it('turns the share into a 0/1 verdict with threshold', async () => {
    const judge = judgeWith({ n: 2, min_words: 2, threshold: 0.9 });
    const loop = await judge.judge({ prefix: '', candidate: 'go go go go go go' }, ctx);
    const fine = await judge.judge({ prefix: '', candidate: 'one small step for a man' }, ctx);
    expect(loop).toMatchObject({ ok: true, score: 0 });
    expect(fine).toMatchObject({ ok: true, score: 1 });
  });

  it('changes its version when its settings change (so cached judgments are not reused)', () => {
    expect(judgeWith({ n: 3 }).version).not.toBe(judgeWith({ n: 4 }).version);
    expect(judgeWith({ n: 3 }).version).toBe(judgeWith({ n: 3 }).version);
  });

  it('is created through the registry with validated snake_case options', async () => {
    const registry = createRegistry([lexical]);
    const judge = await registry.create<PointwiseJudge>('judge', { plugin: 'lexical.repetition', options: { n: 2 } }, {} as PluginContext);
    expect(judge.name).toBe('lexical.repetition');
    await expect(
      registry.create('judge', { plugin: 'lexical.repetition', options: { ngram: 2 } }, {} as PluginContext),
    ).rejects.toThrow('invalid options for judge plugin "lexical.repetition" at "ngram": unknown option "ngram" for lexical.repetition');
  });
});
