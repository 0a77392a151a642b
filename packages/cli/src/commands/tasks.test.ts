import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corePlugins } from '@spt/core';
import { testingPlugins } from '@spt/core/testing';
import testbed from '@spt/testbed';
import { cli } from '../__fixtures__/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'spt-tasks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recipe = (holdout: string) => `recipe judge_tasks {
  use "@spt/testbed"
  data tasks.judge {
    from: { plugin: "testbed", size: "tiny", seed: 2 }
    corrupt: { plugin: "testbed.corrupt", size: "tiny", seed: 2 }
    aspect: quality${holdout}
  }
  policy mock.bigram { seed: 1 }
  window { k: 4, prefix: 1..250 }
  candidates { rollouts 2 }
  judge correct verify.exact { field: "answer" }
  reward = correct
  train { steps: 1, batch: 2, lr: 1e-3, seed: 5 }
}
`;
const spt = (...argv: string[]) => cli(argv, { cwd: dir, loadPlugins: async () => [corePlugins, testingPlugins, testbed] });
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('spt tasks export', () => {
  it('writes prompt/answer lines from any side of the holdout; the sides never share a source document', async () => {
    writeFileSync(path.join(dir, 'tasks.spt'), recipe(',\n    holdout: 0.3'));
    const train = await spt('tasks', 'export', 'tasks.spt', '-n', '12', '-o', 'train.jsonl');
    expect(train.code, train.err.join('\n')).toBe(0);
    expect(train.out.join('\n')).toContain('wrote 12 task documents');
    const held = await spt('tasks', 'export', 'tasks.spt', '-n', '6', '-o', 'held.jsonl', '--side', 'heldout');
    expect(held.code, held.err.join('\n')).toBe(0);
    const [a, b] = [read('train.jsonl'), read('held.jsonl')];
    expect(a).toHaveLength(12);
    expect(b).toHaveLength(6);
    for (const t of [...a, ...b]) {
      expect(['A', 'B']).toContain(t.answer);
      expect(t.task).toBe('judge.quality');
      expect(t.prompt).toMatch(/^Text: [\s\S]*\nEnding A: [\s\S]*\nEnding B: [\s\S]*\nThe original ending is$/);
      expect(t.meta.split_at).toBe(t.prompt.length);
    }
    const sources = (xs: Array<{ meta: { source_id: string } }>) => new Set(xs.map((t) => t.meta.source_id));
    expect([...sources(a)].filter((s) => sources(b).has(s))).toEqual([]);
    // The same recipe and seed give the same tasks.
    await spt('tasks', 'export', 'tasks.spt', '-n', '12', '-o', 'again.jsonl');
    expect(read('again.jsonl')).toEqual(a);
  }, 60_000);

  it('--side heldout without a holdout is a clear error, and no file is left behind', async () => {
    writeFileSync(path.join(dir, 'no-holdout.spt'), recipe(''));
    const r = await spt('tasks', 'export', 'no-holdout.spt', '-o', 'none.jsonl', '--side', 'heldout');
    expect(r.code).not.toBe(0);
    expect(r.err.join('\n')).toContain('holds nothing out');
    expect(r.err.join('\n')).toContain('holdout: 0.1');
    expect(existsSync(path.join(dir, 'none.jsonl'))).toBe(false);
    expect(existsSync(path.join(dir, 'none.jsonl.partial'))).toBe(false);
  }, 60_000);
});

describe('spt check on task sources', () => {
  it('reference on a quality task is an option error at its line, before anything is built', async () => {
    writeFileSync(path.join(dir, 'quality-ref.spt'), recipe(',\n    reference: true'));
    const r = await spt('check', 'quality-ref.spt');
    expect(r.code).not.toBe(0);
    const err = r.err.join('\n');
    expect(err).toContain('quality-ref.spt');
    expect(err).toContain('reference');
    expect(err).toContain('pointwise aspects (safety, factuality)');
    writeFileSync(path.join(dir, 'safety-ref.spt'), recipe(',\n    reference: true').replace('aspect: quality', 'aspect: safety'));
    const ok = await spt('check', 'safety-ref.spt');
    expect(ok.code, ok.err.join('\n')).toBe(0);
  }, 60_000);
});
