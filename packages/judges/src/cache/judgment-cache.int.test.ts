import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withJudgmentCache, type PairwiseJudge } from '@spt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../../llm/test/helpers/fault-server';
import { testContext } from '../../test/helpers/plugin-context';
import judgesPackage from '../index';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const pairs = Array.from({ length: 6 }, (_, i) => ({ prefix: `Doc ${i} starts`, first: ` and goes on ${i}.`, second: ` and stops ${i}.` }));

/** One "run": fresh context, model, judge and cache handle over the same files and server. */
async function run(s: FaultServer, cacheFile: string, seed = 100) {
  const { ctx } = testContext([judgesPackage]);
  const cache = await ctx.create('cache', { plugin: 'sqlite', options: { path: cacheFile } });
  const judge = await ctx.create<PairwiseJudge>('judge', { plugin: 'llm.quality', options: { model: { plugin: 'openai', base_url: s.url, model: 'm' } } });
  const cached = withJudgmentCache(judge, cache, { seed });
  const results = await Promise.all(pairs.map((p) => cached.compare(p, { seed: 0, sample: 0 })));
  await judge.close?.();
  await cache.close?.();
  return results;
}

describe('persistent judgment cache', () => {
  it('a second run over the same inputs makes zero HTTP calls', async () => {
    const s = await startFaultServer((r) => ({ kind: 'ok', text: `Conclusion: Option ${JSON.stringify(r.body).includes('Doc 3') ? 2 : 1}` }));
    cleanups.push(() => s.close());
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spt-cache-')), 'judgments.sqlite');
    const first = await run(s, file);
    expect(s.requests).toHaveLength(6);
    const second = await run(s, file);
    expect(s.requests).toHaveLength(6);
    expect(second.map((r) => r.ok && r.winner)).toEqual(first.map((r) => r.ok && r.winner));
    expect(second[3]).toEqual({ ok: true, winner: 'second' });
    expect(first[0]).toHaveProperty('usage');
    expect(second[0]).not.toHaveProperty('usage');
  });

  it('does not store abstentions, so they are asked again', async () => {
    let n = 0;
    const s = await startFaultServer(() => ({ kind: 'ok', text: n++ < 6 ? 'no idea' : 'Conclusion: Option 1' }));
    cleanups.push(() => s.close());
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spt-cache-')), 'judgments.sqlite');
    expect((await run(s, file)).every((r) => !r.ok)).toBe(true);
    expect((await run(s, file)).every((r) => r.ok)).toBe(true);
    expect(s.requests).toHaveLength(12);
  });

  it('keys on the run seed as a run does: another seed asks again', async () => {
    const s = await startFaultServer(() => ({ kind: 'ok', text: 'Conclusion: Option 1' }));
    cleanups.push(() => s.close());
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spt-cache-')), 'judgments.sqlite');
    await run(s, file);
    await run(s, file, 101);
    expect(s.requests).toHaveLength(12);
  });
});
