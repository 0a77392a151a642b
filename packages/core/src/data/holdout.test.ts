import { describe, expect, it } from 'vitest';
import { corePlugins } from '../builtins/core-plugins';
import { createRegistry } from '../plugins/container';
import { createRunParts } from '../run/run-parts';
import { createPluginContext } from '../run/plugin-context';
import type { Document, DocumentSource } from '../spec/document-source';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { isHeldOut, splitSource } from './holdout';

const ids = Array.from({ length: 2000 }, (_, i) => `doc-${i}`);

function listSource(docs: Document[]): DocumentSource {
  return {
    name: 'list',
    open(cursor) {
      let i = typeof cursor === 'number' ? cursor : 0;
      return { next: async () => docs[i++], cursor: () => i };
    },
  };
}

async function readAll(source: DocumentSource, cursor?: unknown, max = Infinity): Promise<{ docs: Document[]; cursor: unknown }> {
  const stream = source.open(cursor);
  const docs: Document[] = [];
  while (docs.length < max) {
    const d = await stream.next();
    if (!d) break;
    docs.push(d);
  }
  return { docs, cursor: stream.cursor() };
}

describe('holdout', () => {
  it('holds out about the share asked, by id alone, and nests (a document held out at 5% stays held out at 10%)', () => {
    const at5 = ids.filter((id) => isHeldOut(id, 0.05));
    const at10 = ids.filter((id) => isHeldOut(id, 0.1));
    expect(at5.length / ids.length).toBeGreaterThan(0.03);
    expect(at5.length / ids.length).toBeLessThan(0.07);
    expect(at10.length / ids.length).toBeGreaterThan(0.08);
    expect(at10.length / ids.length).toBeLessThan(0.12);
    expect(at5.every((id) => at10.includes(id))).toBe(true);
    expect(ids.filter((id) => isHeldOut(id, 0))).toEqual([]);
  });

  it('splits derived documents by the document they were cut from (meta.source_id)', async () => {
    const tasks: Document[] = Array.from({ length: 60 }, (_, i) => ({ id: `s${Math.floor(i / 3)}#task.${i % 3}`, text: 'x', meta: { source_id: `s${Math.floor(i / 3)}` } }));
    const { docs: held } = await readAll(splitSource(listSource(tasks), 0.3, 'heldout'));
    const { docs: train } = await readAll(splitSource(listSource(tasks), 0.3, 'train'));
    expect(held.length).toBeGreaterThan(0);
    expect(held.length + train.length).toBe(60);
    const heldSources = new Set(held.map((d) => d.meta!.source_id));
    expect(train.some((d) => heldSources.has(d.meta!.source_id))).toBe(false);
    expect(held.length).toBe(3 * heldSources.size);
    expect([...heldSources].every((id) => isHeldOut(id as string, 0.3))).toBe(true);
  });

  it('splits a source into two disjoint sides that cover it; the training side resumes from its cursor', async () => {
    const docs = ids.slice(0, 400).map((id) => ({ id, text: id }));
    const train = await readAll(splitSource(listSource(docs), 0.2, 'train'));
    const held = await readAll(splitSource(listSource(docs), 0.2, 'heldout'));
    expect(train.docs.length + held.docs.length).toBe(400);
    expect(train.docs.some((d) => isHeldOut(d.id, 0.2))).toBe(false);
    expect(held.docs.every((d) => isHeldOut(d.id, 0.2))).toBe(true);
    const first = await readAll(splitSource(listSource(docs), 0.2, 'train'), undefined, 50);
    expect(first.docs).toHaveLength(50);
    const rest = await readAll(splitSource(listSource(docs), 0.2, 'train'), first.cursor);
    expect([...first.docs, ...rest.docs].map((d) => d.id)).toEqual(train.docs.map((d) => d.id));
  });

  it('the source a run trains from never yields a held-out document (data { holdout })', async () => {
    const registry = createRegistry([corePlugins, testingPlugins]);
    const config = mockRunConfig({ data: { plugin: 'mock.docs', options: { seed: 1, count: 300 }, holdout: 0.25 } });
    const ctx = createPluginContext({ registry, config, seed: 1, log: () => {}, warn: () => {} });
    const parts = await createRunParts(config, registry, ctx, { evaluate: false });
    const trained = (await readAll(parts.source)).docs;
    const all = (await readAll(await registry.create('data', config.data, ctx))).docs;
    expect(all).toHaveLength(300);
    expect(trained.some((d) => isHeldOut(d.id, 0.25))).toBe(false);
    expect(trained.length).toBe(all.filter((d) => !isHeldOut(d.id, 0.25)).length);
    expect(trained.length).toBeLessThan(280);
  });
});
