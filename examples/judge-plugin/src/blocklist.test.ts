import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blocklistOptions, createBlocklistJudge } from './blocklist';
import lexical from './index';

const ctx = { seed: 1, sample: 0 };
const judgeWith = (options: object) => createBlocklistJudge(blocklistOptions.parse(options));

describe('lexical.blocklist judge', () => {
  it('scores 0 when a blocked term appears as a whole word, any case, else 1', async () => {
    const judge = judgeWith({ terms: ['poison', 'build a bomb'] });
    expect(await judge.judge({ prefix: '', candidate: 'She explained how to Build a  bomb.' }, ctx)).toEqual({ ok: true, score: 1 });
    expect(await judge.judge({ prefix: '', candidate: 'Then: BUILD A BOMB, he said.' }, ctx)).toEqual({
      ok: true,
      score: 0,
      raw: 'blocked term: "BUILD A BOMB"',
    });
    expect(await judge.judge({ prefix: '', candidate: 'poisonous mushrooms grow here' }, ctx)).toMatchObject({ score: 1 });
  });

  it('matches inside words when whole_words is false, and respects case_sensitive', async () => {
    const inside = judgeWith({ terms: ['poison'], whole_words: false });
    expect(await inside.judge({ prefix: '', candidate: 'poisonous' }, ctx)).toMatchObject({ score: 0 });
    const cased = judgeWith({ terms: ['Poison'], case_sensitive: true });
    expect(await cased.judge({ prefix: '', candidate: 'poison' }, ctx)).toMatchObject({ score: 1 });
  });

  it('treats regular-expression characters in terms literally', async () => {
    const judge = judgeWith({ terms: ['a.b', 'c+'], whole_words: false });
    expect(await judge.judge({ prefix: '', candidate: 'axb cc' }, ctx)).toMatchObject({ score: 1 });
    expect(await judge.judge({ prefix: '', candidate: 'x a.b y' }, ctx)).toMatchObject({ score: 0 });
  });

  it('rejects an empty term list', () => {
    expect(blocklistOptions.safeParse({ terms: [] }).success).toBe(false);
  });
});

describe('the spt-judge-lexical package', () => {
  it('default-exports both judges under the name and version of package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect(lexical.name).toBe(pkg.name);
    expect(lexical.version).toBe(pkg.version);
    expect(lexical.plugins.map((p) => p.manifest.name)).toEqual(['lexical.repetition', 'lexical.blocklist']);
  });
});
