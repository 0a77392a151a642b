import { describe, expect, it } from 'vitest';
import { SptError, type Document } from '@spt/core';
import { buildWorld } from '../world/build-world';
import { createTestbedSource } from './testbed-source';

const world = buildWorld({ seed: 3, size: 'tiny' });

async function take(stream: { next(): Promise<Document | undefined> }, n: number): Promise<Document[]> {
  const out: Document[] = [];
  for (let i = 0; i < n; i++) {
    const d = await stream.next();
    if (!d) break;
    out.push(d);
  }
  return out;
}

describe('testbed DocumentSource', () => {
  it('visits every document once per epoch, in a new order each epoch', async () => {
    const n = world.totalDocs;
    const docs = await take(createTestbedSource(world, { epochs: 2, order: 'shuffled' }).open(), 3 * n);
    expect(docs).toHaveLength(2 * n);
    const first = docs.slice(0, n).map((d) => d.id);
    const second = docs.slice(n).map((d) => d.id);
    expect(new Set(first).size).toBe(n);
    expect([...second].sort()).toEqual([...first].sort());
    expect(second).not.toEqual(first);
  });

  it('resumes exactly from a cursor, and the cursor stays a few bytes', async () => {
    const source = createTestbedSource(world, { epochs: 0, order: 'shuffled' });
    const straight = await take(source.open(), 2 * world.totalDocs + 30);
    const s1 = source.open();
    await take(s1, world.totalDocs + 17);
    const cursor = JSON.parse(JSON.stringify(s1.cursor()));
    expect(JSON.stringify(cursor).length).toBeLessThan(40);
    const resumed = await take(source.open(cursor), world.totalDocs + 13);
    expect(resumed).toEqual(straight.slice(world.totalDocs + 17));
    expect(s1.stats?.()).toEqual({ documents: world.totalDocs + 17, passes: (world.totalDocs + 17) / world.totalDocs });
  });

  it('annotates each document with its person and defects', async () => {
    const [d] = await take(createTestbedSource(world, { epochs: 1, order: 'sequential' }).open(), 1);
    expect(d.id).toBe('testbed-3-0-0');
    expect(d.meta).toMatchObject({ person: 0, name: world.people[0].name, rare: world.people[0].rare });
    expect(Array.isArray(d.meta!.defects)).toBe(true);
  });

  it('rejects a cursor it did not write', () => {
    const source = createTestbedSource(world, { epochs: 0, order: 'shuffled' });
    let error: unknown;
    try {
      source.open({ file: 'x.jsonl', line: 3 });
    } catch (e) {
      error = e;
    }
    expect(SptError.is(error, 'testbed.cursor')).toBe(true);
    expect((error as Error).message).toBe(
      'the testbed data cursor is not one this source wrote\n' +
        '  expected: { "testbed": 1, "served": <non-negative integer> }\n' +
        '  got: {"file":"x.jsonl","line":3}\n' +
        '  fix: resume from a checkpoint written by a run with `data testbed`, or start without a cursor',
    );
  });
});
