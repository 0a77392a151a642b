import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tfjsPlugins } from '@spt/backends/tfjs';
import { createRegistry, definePluginPackage, type PluginContext } from '@spt/core';
import { cli } from '../__fixtures__/cli';

const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-cli-sample-'));
const ckpt = path.join(dir, 'ckpt-000010');

beforeAll(async () => {
  const registry = createRegistry([definePluginPackage({ name: 'b', version: '0', plugins: tfjsPlugins })]);
  const ctx = { seed: 1, log: () => {} } as unknown as PluginContext;
  const backend = await registry.create('policy', { plugin: 'tfjs.gpt', options: { layers: 1, d_model: 16, heads: 2, context: 64 } }, ctx);
  const seq = backend.tokenizer.encode('abcabcabcabcabcabc');
  for (let i = 0; i < 60; i++) await backend.update({ kind: 'ntp', sequences: [seq] }, { lr: 0.03, step: i });
  await backend.save(path.join(ckpt, 'policy'));
  await backend.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spt sample / spt export', () => {
  it('samples n continuations per prompt, reproducibly, as JSON lines', async () => {
    const args = ['--json', 'sample', ckpt, '--prompt', 'abca', '--prompt', 'ab', '--n', '2', '--k', '6', '--temperature', '0'];
    const first = await cli(args);
    expect(first.code).toBe(0);
    const lines = first.out.map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.prompt_index, l.sample])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(lines[0].text).toBe('bcabca'); // greedy on a model trained on "abc..."
    expect(lines[2].text).toBe('cabcab');
    expect((await cli(args)).out).toEqual(first.out);
  });

  it('prints text for people', async () => {
    const { code, out } = await cli(['sample', ckpt, '-p', 'abc', '-k', '3', '-t', '0']);
    expect(code).toBe(0);
    expect(out).toEqual(['--- prompt 1, sample 1', 'abcabc']);
  });

  it('exports a Hugging Face folder', async () => {
    const out = path.join(dir, 'hf');
    const res = await cli(['export', ckpt, '--format', 'hf', '--out', out]);
    expect(res.code).toBe(0);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']) expect(existsSync(path.join(out, f)), f).toBe(true);
  });

  it('exits 2 with a clear error for a folder without a checkpoint', async () => {
    const res = await cli(['sample', dir + '/nope']);
    expect(res.code).toBe(2);
    expect(res.err.join('\n')).toContain('no tfjs.gpt checkpoint in');
    expect((await cli(['sample', ckpt, '--top-p', '2'])).code).toBe(2);
  });
});
