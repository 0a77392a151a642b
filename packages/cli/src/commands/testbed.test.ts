import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWorld, createTestbedSource } from '@spt/testbed';
import { cli } from '../__fixtures__/cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-testbed-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spt testbed export', () => {
  it('writes the documents a run streams, as JSON lines with their annotations', async () => {
    const file = path.join(dir, 'corpus.jsonl');
    const res = await cli(['testbed', 'export', '--docs', '25', '--out', file, '--seed', '4', '--size', 'tiny', '--set', 'unsafe=0.5']);
    expect(res.code).toBe(0);
    expect(res.out[0]).toMatch(/^wrote 25 documents \(\d+ bytes\) to .*corpus\.jsonl: a world of 12 people, 484 documents per pass$/);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const stream = createTestbedSource(buildWorld({ seed: 4, size: 'tiny', unsafe: 0.5 }), { epochs: 0, order: 'shuffled' }).open();
    for (const line of lines) expect(line).toEqual(await stream.next());
  });

  it('can leave out the annotations and answer in JSON', async () => {
    const file = path.join(dir, 'plain.jsonl');
    const res = await cli(['--json', 'testbed', 'export', '--docs', '3', '--out', file, '--no-meta', '--order', 'sequential']);
    expect(JSON.parse(res.out[0])).toMatchObject({ type: 'testbed-export', documents: 3 });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(Object.keys(lines[0])).toEqual(['id', 'text']);
    expect(lines[0].id).toBe('testbed-1-0-0');
  });

  it('exits 2 on a bad option, naming it', async () => {
    const res = await cli(['testbed', 'export', '--docs', '3', '--out', path.join(dir, 'x.jsonl'), '--set', 'peeple=3']);
    expect(res.code).toBe(2);
    expect(res.err.join('\n')).toContain('invalid testbed option "peeple"');
    const bad = await cli(['testbed', 'export', '--docs', 'many', '--out', path.join(dir, 'x.jsonl')]);
    expect(bad.code).toBe(2);
  });
});
