import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SptError } from '../errors';
import type { DocumentStream } from '../spec/document-source';
import { createJsonlSource } from './jsonl-source';
import { listShards } from './shard-files';
import { createTextSource } from './text-source';

const fixtures = fileURLToPath(new URL('./__fixtures__', import.meta.url));
let dir: string;
const warnings: string[] = [];
const warn = (_code: string, m: string) => warnings.push(m);

async function drain(s: DocumentStream, max = 100) {
  const out: string[] = [];
  for (let i = 0; i < max; i++) {
    const d = await s.next();
    if (!d) break;
    out.push(d.text);
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-data-'));
  await writeFile(path.join(dir, 'a.jsonl'), '{"text":"one"}\n{"text":"two"}\nnot json\n\n{"body":"x"}\n{"text":"three"}\n');
  await writeFile(path.join(dir, 'b.jsonl.gz'), gzipSync('{"text":"four"}\n{"text":"five"}\n'));
  await writeFile(path.join(dir, 'c.txt'), 'para one\nline two\n\n\npara two\n');
  await writeFile(path.join(dir, 'd.txt.gz'), gzipSync('whole file'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('jsonl source', () => {
  it('reads shards in order (plain, gzip), skips malformed lines with a warning naming file and line', async () => {
    const files = await listShards('*.jsonl*', dir, 'jsonl');
    const src = createJsonlSource({ files, field: 'text', onError: 'skip', repeat: false, baseDir: dir, warn });
    const s = src.open();
    expect(await drain(s)).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(s.stats?.()).toEqual({ documents: 5, malformed: 2, epoch: 0 });
    expect(warnings).toEqual([
      expect.stringMatching(/^data jsonl: skipped malformed record at a\.jsonl:3: invalid JSON/),
      'data jsonl: skipped malformed record at a.jsonl:5: field "text" is missing',
    ]);
  });

  it('stops on a malformed line when asked', async () => {
    const src = createJsonlSource({ files: [path.join(dir, 'a.jsonl')], field: 'text', onError: 'stop', repeat: false, baseDir: dir, warn });
    const s = src.open();
    await drain(s, 2);
    const err = await s.next().catch((e) => e);
    expect(SptError.is(err, 'data.malformed')).toBe(true);
    expect(err.message).toMatch(/at a\.jsonl:3/);
  });

  it('resumes exactly after the cursor, across shards and epochs', async () => {
    const files = await listShards(['a.jsonl', 'b.jsonl.gz'], dir, 'jsonl');
    const make = () => createJsonlSource({ files, field: 'text', onError: 'skip', repeat: true, baseDir: dir, warn: () => {} });
    const full = await drain(make().open(), 12);
    for (const cut of [1, 3, 4, 6]) {
      const s = make().open();
      const head = await drain(s, cut);
      const tail = await drain(make().open(s.cursor()), 12 - cut);
      expect([...head, ...tail]).toEqual(full);
    }
    expect(full.slice(5, 7)).toEqual(['one', 'two']);
  });

  it('reads zstd shards and id fields', async () => {
    const src = createJsonlSource({ files: [path.join(fixtures, 'docs.jsonl.zst')], field: 'text', idField: 'id', onError: 'skip', repeat: false, baseDir: fixtures, warn });
    const s = src.open();
    const d = await s.next();
    expect(d).toEqual({ id: 'z1', text: 'zstd one' });
    expect(await drain(s)).toEqual(['zstd two', 'zstd three']);
  });

  it('copies meta_fields into the document meta (labels for verifiers); absent fields are left out', async () => {
    await writeFile(path.join(dir, 'labelled.jsonl'), '{"text": "Q1", "answer": "Lyon", "n": 3}\n{"text": "Q2"}\n');
    const src = createJsonlSource({ files: [path.join(dir, 'labelled.jsonl')], field: 'text', metaFields: ['answer', 'n'], onError: 'skip', repeat: false, baseDir: dir, warn });
    const s = src.open();
    expect(await s.next()).toMatchObject({ text: 'Q1', meta: { answer: 'Lyon', n: 3 } });
    expect(await s.next()).toMatchObject({ text: 'Q2', meta: {} });
  });

  it('an empty glob is a clear error', async () => {
    await expect(listShards('nothing/*.jsonl', dir, 'jsonl')).rejects.toThrow(/no file matches "nothing\/\*\.jsonl"/);
  });
});

describe('text source', () => {
  it('splits on blank lines or keeps whole files', async () => {
    const blocks = createTextSource({ files: [path.join(dir, 'c.txt')], split: 'blank_line', repeat: false, baseDir: dir, warn });
    const s = blocks.open();
    const first = await s.next();
    expect(first).toEqual({ id: 'c.txt:1', text: 'para one\nline two' });
    expect(await drain(blocks.open(s.cursor()))).toEqual(['para two']);
    const whole = createTextSource({ files: await listShards(dir, dir, 'text').then((f) => f.filter((x) => x.includes('.txt'))), split: 'file', repeat: false, baseDir: dir, warn });
    expect(await drain(whole.open())).toEqual(['para one\nline two\n\n\npara two\n', 'whole file']);
  });
});
