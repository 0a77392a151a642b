import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createRegistry, definePluginPackage, type PluginContext, SptError, validateOptions } from '@spt/core';
import { findTfjsCheckpoint, openTfjsCheckpoint } from './index';
import { tfjsGptPlugin, tfjsPlugins } from './plugins';

const here = path.dirname(fileURLToPath(import.meta.url));
const ctx = { seed: 3, log: () => {} } as unknown as PluginContext;

describe('tfjs.gpt plugin', () => {
  it('validates options strictly and explains bad ones', () => {
    const m = tfjsGptPlugin.manifest;
    expect(validateOptions(m, { layers: 4, d_model: 128, heads: 4, context: 256 }).ok).toBe(true);
    const unknown = validateOptions(m, { layer: 4 });
    expect(unknown.ok ? [] : unknown.issues.map((i) => i.message)).toEqual(['unknown option "layer" for tfjs.gpt']);
    const heads = validateOptions(m, { d_model: 100, heads: 3 });
    expect(heads.ok ? '' : heads.issues[0].message).toBe('heads must divide d_model (d_model 100 / heads 3 is not whole)');
    const odd = validateOptions(m, { d_model: 12, heads: 4 });
    expect(odd.ok ? '' : odd.issues[0]).toMatchObject({ path: 'heads', message: 'the head size d_model / heads must be even for rotary positions (got 3)' });
    expect(validateOptions(m, { optimizer: { beta1: 0.8 } }).ok).toBe(true);
    expect(validateOptions(m, { optimizer: { betas: [0.9, 0.99] } }).ok).toBe(false);
  });

  it('does not load TensorFlow when the manifest is imported', () => {
    const script = `await import(${JSON.stringify(path.join(here, 'plugins.ts'))}); await import(${JSON.stringify(path.join(here, 'index.ts'))});
const libs = process.report.getReport().sharedObjects.filter((s) => /tensorflow|tfjs_binding/.test(s));
console.log(JSON.stringify(libs));`;
    const tsx = path.join(here, '../../node_modules/.bin/tsx');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-tfjs-lazy-'));
    writeFileSync(path.join(dir, 'probe.mts'), script);
    const out = execFileSync(tsx, [path.join(dir, 'probe.mts')], { encoding: 'utf8', cwd: path.join(here, '../../../..') });
    rmSync(dir, { recursive: true, force: true });
    expect(JSON.parse(out.trim().split('\n').pop() as string)).toEqual([]);
  });

  it('creates a working backend through the plugin registry and reopens its save', async () => {
    const registry = createRegistry([definePluginPackage({ name: 'b', version: '0', plugins: tfjsPlugins })]);
    const backend = await registry.create('policy', { plugin: 'tfjs.gpt', options: { layers: 1, d_model: 16, heads: 2, context: 32, threads: 2 } }, ctx);
    expect(backend.name).toBe('tfjs.gpt');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-tfjs-plugin-'));
    try {
      await backend.save(path.join(dir, 'policy'));
      expect(findTfjsCheckpoint(dir)).toBe(path.join(dir, 'policy'));
      const again = await openTfjsCheckpoint(dir);
      const prompt = backend.tokenizer.encode('hi');
      const req = { prompts: [prompt], maxNewTokens: 6, temperature: 1, topP: 1, seeds: [9] };
      expect((await again.generate(req)).tokens).toEqual((await backend.generate(req)).tokens);
      await again.dispose();
      await expect(openTfjsCheckpoint(path.join(dir, 'nothing'))).rejects.toSatisfy((e: unknown) => SptError.is(e, 'checkpoint.missing'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await backend.dispose();
    }
  });
});
