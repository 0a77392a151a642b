import { describe, expect, it } from 'vitest';
import { createExactVerifier } from '@spt/core';
import { buildWorld } from '../world/build-world';
import { createFactTaskSource } from './fact-task-source';

describe('testbed fact task source (data testbed { task: facts })', () => {
  const world = buildWorld({ size: 'tiny', seed: 1 });

  it('cuts each prompt right before a true fact; the verifier accepts the original continuation and rejects another value', async () => {
    const stream = createFactTaskSource(world, { epochs: 1 }).open();
    const exact = createExactVerifier({ field: 'answer', match: 'prefix', case: 'sensitive' });
    let n = 0;
    for (let d = await stream.next(); d; d = await stream.next()) {
      const at = d.meta!.split_at as number;
      const answer = String(d.meta!.answer);
      const rest = d.text.slice(at);
      expect(rest.trimStart().startsWith(answer)).toBe(true);
      const input = { prefix: d.text.slice(0, at), candidate: rest.slice(0, 40), meta: d.meta };
      expect(await exact.judge(input, { seed: 0, sample: 0 })).toMatchObject({ ok: true, score: 1 });
      expect(await exact.judge({ ...input, candidate: ' Nowhere at all.' }, { seed: 0, sample: 0 })).toMatchObject({ ok: true, score: 0 });
      n++;
    }
    expect(n).toBe(64);
  });

  it('resumes from its cursor with the same prompts', async () => {
    const source = createFactTaskSource(world, { epochs: 2 });
    const all: string[] = [];
    const s = source.open();
    for (let d = await s.next(); d; d = await s.next()) all.push(d.text);
    const first = source.open();
    const head: string[] = [];
    for (let i = 0; i < 70; i++) head.push((await first.next())!.text);
    const tail: string[] = [];
    const rest = source.open(first.cursor());
    for (let d = await rest.next(); d; d = await rest.next()) tail.push(d.text);
    expect([...head, ...tail]).toEqual(all);
    expect(all).toHaveLength(128);
  });
});
