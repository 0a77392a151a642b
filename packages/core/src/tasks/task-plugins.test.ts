import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { corePlugins } from '../builtins/core-plugins';
import { splitSource } from '../data/holdout';
import { createRegistry } from '../plugins/container';
import { createRun } from '../run/create-run';
import { createPluginContext } from '../run/plugin-context';
import type { DocumentSource } from '../spec/document-source';
import type { RunConfig } from '../spec/run-config';
import type { PointwiseJudge } from '../spec/judge';
import { definePlugin, definePluginPackage } from '../spec/plugin';
import type { Rewriter } from '../spec/rewriter';
import { Services } from '../spec/services';
import { createByteTokenizer } from '../testing/byte-tokenizer';
import { mockRunConfig, testingPlugins } from '../testing/plugins';

/** A corrupter and a label judge that count their loads and closes (as a model plugin loads and frees its weights). */
function closeCounting() {
  const closed = { corrupter: 0, label: 0 };
  const created = { corrupter: 0, label: 0 };
  const pkg = definePluginPackage({
    name: 'test-closing',
    version: '0.0.0',
    plugins: [
      definePlugin({
        manifest: { name: 'test.upper', kind: 'rewriter', version: '0', description: 'upper-cases', options: z.strictObject({}) },
        create: (): Rewriter => (created.corrupter++, { name: 'upper', version: '1', rewrite: async (i) => ({ ok: true, text: i.suffix.toUpperCase() }), close: async () => void closed.corrupter++ }),
      }),
      definePlugin({
        manifest: { name: 'test.label', kind: 'judge', version: '0', description: 'lower case is sound', options: z.strictObject({}) },
        create: (): PointwiseJudge => (created.label++, { kind: 'pointwise', name: 'label', version: '1', judge: async (i) => ({ ok: true, score: /[A-Z]{3}/.test(i.candidate) ? 0 : 1 }), close: async () => void closed.label++ }),
      }),
    ],
  });
  return { closed, created, pkg };
}

const tasksData = { plugin: 'tasks.judge', options: { from: { plugin: 'mock.docs', seed: 1 }, corrupt: { plugin: 'test.upper' }, label: [{ plugin: 'test.label' }], aspect: 'safety', k: 8, prefix_max: 32 } };

describe('task plugins free their models', () => {
  it('closing the task source (or a split of it) closes its corrupter and label judges once', async () => {
    const { closed, pkg } = closeCounting();
    const registry = createRegistry([corePlugins, testingPlugins, pkg]);
    const ctx = createPluginContext({ registry, config: mockRunConfig(), seed: 3, log: () => {}, warn: () => {} });
    ctx.bindService(Services.tokenizer, createByteTokenizer());
    const source: DocumentSource = await registry.create('data', tasksData, ctx);
    const train = splitSource(source, 0.2, 'train');
    const stream = train.open();
    expect(await stream.next()).toBeDefined();
    await stream.close?.();
    expect(closed).toEqual({ corrupter: 0, label: 0 });
    await train.close?.();
    expect(closed).toEqual({ corrupter: 1, label: 1 });
    await source.close?.();
    await splitSource(source, 0.2, 'heldout').close?.();
    expect(closed).toEqual({ corrupter: 1, label: 1 });
  });

  /** Runs 2 NTP steps on the task data (with `extra` run settings) and returns how often its models were made and closed. */
  async function runOnTasks(holdout: number, extra: Partial<RunConfig> = {}) {
    const { closed, created, pkg } = closeCounting();
    const base = mockRunConfig({ phases: [{ name: 'main', steps: 2, objective: { kind: 'ntp' } }], ...extra });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'spt-task-run-'));
    try {
      const result = await createRun({ ...base, data: { ...tasksData, holdout } }, { plugins: [testingPlugins, pkg], runDir: dir }).result();
      expect(result.error).toBeUndefined();
      expect(result.status).toBe('completed');
      return { closed, created };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('a run on task data closes them at its end', async () => {
    expect((await runOnTasks(0.2)).closed).toEqual({ corrupter: 1, label: 1 });
  });

  it('a run evaluated in the loop on held-out tasks loads them once: training and the judged eval share the source', async () => {
    const { closed, created } = await runOnTasks(0.5, { eval: { every: 2, prefixes: 4, against: 'start', seeds: 1 } });
    expect(created).toEqual({ corrupter: 1, label: 1 });
    expect(closed).toEqual({ corrupter: 1, label: 1 });
  });
});
