import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry, definePluginPackage, type PluginContext } from '@spt/core';
import { tensorboardSinkPlugin } from './tensorboard-sink';

describe('tensorboard metrics sink', () => {
  it('writes event files with every metric as a scalar, one folder per arm', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'spt-tb-'));
    try {
      const registry = createRegistry([definePluginPackage({ name: 't', version: '0', plugins: [tensorboardSinkPlugin] })]);
      const sink = await registry.create('metrics', { plugin: 'tensorboard', options: { flush_every: 2 } }, { runDir: dir } as PluginContext);
      for (let step = 1; step <= 3; step++) await sink.write({ step, phase: 'main', time: 0, values: { loss: 1 / step, 'chosen_rate/rollout': step / 10 } });
      await sink.write({ step: 4, phase: 'sip', arm: 'sip', time: 0, values: { loss: 0.2 } });
      await sink.close?.();
      expect((await readdir(path.join(dir, 'tensorboard'))).sort()).toEqual(['shared', 'sip']);
      const files = await readdir(path.join(dir, 'tensorboard', 'shared'));
      expect(files.some((f) => f.startsWith('events.out.tfevents'))).toBe(true);
      const bytes = Buffer.concat(await Promise.all(files.map((f) => readFile(path.join(dir, 'tensorboard', 'shared', f)))));
      expect(bytes.includes(Buffer.from('chosen_rate/rollout'))).toBe(true);
      expect(bytes.includes(Buffer.from('loss'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects unknown options without loading TensorFlow', async () => {
    const registry = createRegistry([definePluginPackage({ name: 't', version: '0', plugins: [tensorboardSinkPlugin] })]);
    await expect(registry.create('metrics', { plugin: 'tensorboard', options: { log_dir: 'x' } }, {} as PluginContext)).rejects.toThrow(/unknown option "log_dir"/);
  });
});
