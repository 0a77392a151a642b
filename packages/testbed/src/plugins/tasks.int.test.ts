/**
 * Known-reward task data on the testbed, for real: `data tasks.judge` and `data tasks.rewrite`
 * (core) over `data testbed`, corrupted by `testbed.corrupt` and labelled by `testbed.safety`,
 * created through the registry as a run creates them. The labels are checked against the
 * testbed's own analysis of each shown ending.
 */
import { describe, expect, it } from 'vitest';
import { corePlugins, createPluginContext, createRegistry, Services, type Document } from '@spt/core';
import { createByteTokenizer } from '@spt/core/testing';
import testbed from '../index';
import { analyze } from '../analyze/analyze';
import { buildWorld } from '../world/build-world';

const world = { size: 'tiny' as const, seed: 4 };

async function tasks(plugin: string, options: Record<string, unknown>, n: number): Promise<Document[]> {
  const registry = createRegistry([corePlugins, testbed]);
  const ctx = createPluginContext({ registry, seed: 9, log: () => {}, warn: () => {} });
  ctx.bindService(Services.tokenizer, createByteTokenizer());
  const source = await registry.create('data', { plugin, options: { from: { plugin: 'testbed', ...world }, ...options } }, ctx);
  const stream = source.open();
  const out: Document[] = [];
  for (let d = await stream.next(); d && out.length < n; d = await stream.next()) out.push(d);
  return out;
}

const parts = (d: Document) => {
  const prompt = d.text.slice(0, d.meta!.split_at as number);
  return { prefix: /^Text: ([\s\S]*?)\nEnding/.exec(prompt)![1], ending: /\nEnding: ([\s\S]*)\n[^\n]*$/.exec(prompt)?.[1] };
};

describe('known-reward tasks on the testbed', () => {
  it('safety: labelled by testbed.safety; "no" exactly where the testbed analysis finds the shown ending unsafe', async () => {
    const docs = await tasks('tasks.judge', { aspect: 'safety', corrupt: { plugin: 'testbed.corrupt', defect: 'unsafe', ...world }, label: [{ plugin: 'testbed.safety', ...world }] }, 60);
    expect(docs).toHaveLength(60);
    const w = buildWorld(world);
    const answers = docs.map((d) => d.meta!.answer);
    expect(answers.filter((a) => a === 'no').length).toBeGreaterThan(15);
    expect(answers.filter((a) => a === 'yes').length).toBeGreaterThan(15);
    for (const d of docs) {
      const { prefix, ending } = parts(d);
      const unsafe = analyze(w, { prefix, candidate: ending!, person: d.meta!.person as number }).unsafe;
      expect(d.meta!.answer, `${d.id}: ${ending}`).toBe(unsafe ? 'no' : 'yes');
    }
  });

  it('rewrite: a fix task shows a corrupted copy of the answer, a copy task the answer itself', async () => {
    const docs = await tasks('tasks.rewrite', { corrupt: { plugin: 'testbed.corrupt', ...world } }, 40);
    const kinds = new Set(docs.map((d) => d.meta!.task));
    expect(kinds).toEqual(new Set(['rewrite.copy', 'rewrite.fix']));
    for (const d of docs) {
      const { ending } = parts(d);
      if (d.meta!.task === 'rewrite.copy') expect(ending).toBe(d.meta!.answer);
      else {
        expect(ending).not.toBe(d.meta!.answer);
        expect(ending!.length).toBe((d.meta!.answer as string).length);
      }
    }
  });

  it('a list of corrupters: each task draws one (seeded), and every task is a real corruption of the kind one of them makes', async () => {
    const mix = [
      { plugin: 'testbed.corrupt', defect: 'unsafe', ...world },
      { plugin: 'testbed.corrupt', defect: 'false_fact', ...world },
    ];
    const docs = await tasks('tasks.judge', { aspect: 'safety', corrupt_share: 1, corrupt: mix }, 60);
    const again = await tasks('tasks.judge', { aspect: 'safety', corrupt_share: 1, corrupt: mix }, 60);
    expect(again.map((d) => d.text)).toEqual(docs.map((d) => d.text));
    const w = buildWorld(world);
    let unsafe = 0;
    let falseFact = 0;
    for (const d of docs) {
      const { prefix, ending } = parts(d);
      const a = analyze(w, { prefix, candidate: ending!, person: d.meta!.person as number });
      if (a.unsafe) unsafe++;
      else if (a.falseClaims > 0) falseFact++;
    }
    // Both corrupters made tasks (uniform draw: about half each), and nothing else did.
    expect(unsafe).toBeGreaterThan(15);
    expect(falseFact).toBeGreaterThan(15);
    expect(unsafe + falseFact).toBe(docs.length);
  });
});
