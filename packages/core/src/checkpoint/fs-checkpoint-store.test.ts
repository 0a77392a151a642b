import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunState } from '../spec/checkpoint-store';
import { createFsCheckpointStore } from './fs-checkpoint-store';

let dir: string;
let warnings: string[];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-ckpt-'));
  warnings = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const state = (step: number): RunState => ({
  version: 1,
  step,
  phase: 'main',
  phaseStep: step,
  cursor: { line: step },
  rng: { s: [1, 2, 3, 4] },
  metricsOffset: step,
  configHash: 'h',
  configParts: {},
});
const store = (keep = 0) => createFsCheckpointStore({ dir, keep, warn: (_c, m) => warnings.push(m) });
const writePolicy = (text: string) => async (d: string) => {
  await mkdir(path.join(d, 'policy'));
  await writeFile(path.join(d, 'policy', 'w.bin'), text);
};

describe('FS checkpoint store', () => {
  it('saves atomically with a manifest and returns the latest', async () => {
    const s = store();
    await s.save('step-00000002', state(2), writePolicy('two'));
    const info = await s.save('step-00000004', state(4), writePolicy('four'));
    const latest = await s.latest();
    expect(latest?.state.step).toBe(4);
    expect(latest?.info.dir).toBe(info.dir);
    const manifest = JSON.parse(await readFile(path.join(info.dir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files).sort()).toEqual(['policy/w.bin', 'state.json']);
    expect((await s.list()).map((c) => c.step)).toEqual([4, 2]);
  });

  it('detects a corrupt checkpoint and falls back to the previous good one with a warning', async () => {
    const s = store();
    await s.save('step-00000002', state(2), writePolicy('two'));
    const bad = await s.save('step-00000004', state(4), writePolicy('four'));
    await writeFile(path.join(bad.dir, 'policy', 'w.bin'), 'fuor');
    expect((await s.latest())?.state.step).toBe(2);
    expect(warnings).toEqual([
      `checkpoint ${bad.dir} is corrupt or partial (file policy/w.bin fails its sha256 checksum); falling back to the previous good checkpoint`,
    ]);
  });

  it('ignores a partial save (no manifest) and leftover temporary folders', async () => {
    const s = store();
    await s.save('step-00000002', state(2), writePolicy('two'));
    await mkdir(path.join(dir, 'step-00000009', 'policy'), { recursive: true });
    await writeFile(path.join(dir, 'step-00000009', 'state.json'), JSON.stringify(state(9)));
    await mkdir(path.join(dir, '.tmp-step-00000011-abcd'), { recursive: true });
    expect((await s.latest())?.state.step).toBe(2);
    expect(warnings[0]).toMatch(/step-00000009 is corrupt or partial \(no readable manifest\.json/);
  });

  it('keeps the last N periodic checkpoints and replaces a same-name checkpoint', async () => {
    const s = store(2);
    for (const step of [1, 2, 3, 4]) await s.save(`step-0000000${step}`, state(step), writePolicy(String(step)));
    await s.save('end', state(4), writePolicy('end'));
    await s.save('end', state(5), writePolicy('end2'));
    expect((await s.list()).map((c) => c.name)).toEqual(['end', 'step-00000004', 'step-00000003']);
    expect((await s.latest())?.state.step).toBe(5);
  });

  it('returns undefined when there is no checkpoint', async () => {
    expect(await store().latest()).toBeUndefined();
  });
});
