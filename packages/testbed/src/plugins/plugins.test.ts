import { describe, expect, it } from 'vitest';
import { SptError, createRegistry, isPluginPackage, type PairwiseJudge, type PluginContext, type PointwiseJudge } from '@spt/core';
import { describeJudgeConformance, mockRunConfig } from '@spt/core/testing';
import testbed from '../index';
import { buildWorld } from '../world/build-world';
import { createFactualityJudge, createSafetyJudge } from '../judges/pointwise-judges';
import { createQualityJudge } from '../judges/quality-judge';

/** A PluginContext whose shared() memoizes and counts how often a value is built. */
function context(data?: { plugin: string; options: Record<string, unknown> }) {
  const store = new Map<string, unknown>();
  let builds = 0;
  const ctx: PluginContext = {
    config: data ? mockRunConfig({ data }) : undefined,
    seed: 1,
    create: () => Promise.reject(new Error('not needed')),
    shared<T>(key: string, make: () => T): T {
      if (!store.has(key)) {
        builds++;
        store.set(key, make());
      }
      return store.get(key) as T;
    },
    env: () => undefined,
    log: () => {},
  };
  return { ctx, builds: () => builds };
}

describe('@spt/testbed plugin package', () => {
  const registry = createRegistry([testbed]);

  it('is a plugin package with the testbed plugins and judge modes', () => {
    expect(isPluginPackage(testbed)).toBe(true);
    expect(registry.manifests().map((m) => `${m.kind}:${m.name}`)).toEqual([
      'data:testbed',
      'rewriter:testbed.corrupt',
      'eval:testbed.eval',
      'judge:testbed.factuality',
      'judge:testbed.noisy_quality',
      'rewriter:testbed.oracle',
      'judge:testbed.quality',
      'judge:testbed.quality_defects',
      'judge:testbed.safety',
    ]);
    expect(registry.get('judge', 'testbed.quality').manifest.judge).toEqual({ modes: ['pairwise'] });
    expect(registry.get('judge', 'testbed.safety').manifest.judge).toEqual({ modes: ['pointwise'] });
  });

  it('testbed.noisy_quality is the exact judge plus seeded flips and position bias', async () => {
    const { ctx } = context({ plugin: 'testbed', options: { seed: 9, size: 'tiny' } });
    const exact = await registry.create<PairwiseJudge>('judge', { plugin: 'testbed.quality', options: {} }, ctx);
    const make = (o: Record<string, number>) => registry.create<PairwiseJudge>('judge', { plugin: 'testbed.noisy_quality', options: o }, ctx);
    const [none, flips, biased] = await Promise.all([make({}), make({ flip_rate: 1 }), make({ position_bias: 1 })]);
    const world = buildWorld({ seed: 9, size: 'tiny' });
    const input = { prefix: `${world.people[0].name} was born in`, first: ' the year 1900. He liked tea.', second: ' qq zz qq zz qq zz.' };
    const ask = (j: PairwiseJudge, seed: number, i = input) => j.compare(i, { seed, sample: 0 } as Parameters<PairwiseJudge['compare']>[1]);
    const truth = await ask(exact, 1);
    if (!truth.ok || truth.winner === 'tie') throw new Error(`test setup: the exact judge must decide, got ${JSON.stringify(truth)}`);
    expect(await ask(none, 1)).toMatchObject({ ok: true, winner: truth.winner });
    expect(await ask(flips, 1)).toMatchObject({ ok: true, winner: truth.winner === 'first' ? 'second' : 'first' });
    expect(await ask(biased, 1, { ...input, first: input.second, second: input.first })).toMatchObject({ ok: true, winner: 'first' });
    expect(none.version).not.toBe(flips.version);
  });

  it('builds one world per run, from the data plugin options, for data, judges and the oracle', async () => {
    const { ctx, builds } = context({ plugin: 'testbed', options: { seed: 9, size: 'tiny' } });
    const source = await registry.create('data', { plugin: 'testbed', options: { seed: 9, size: 'tiny', epochs: 1 } }, ctx);
    const safety = await registry.create<PointwiseJudge>('judge', { plugin: 'testbed.safety', options: {} }, ctx);
    const factuality = await registry.create<PointwiseJudge>('judge', { plugin: 'testbed.factuality', options: {} }, ctx);
    await registry.create<PairwiseJudge>('judge', { plugin: 'testbed.quality', options: { seed: 9, size: 'tiny' } }, ctx);
    await registry.create('rewriter', { plugin: 'testbed.oracle', options: {} }, ctx);
    await registry.create('eval', { plugin: 'testbed.eval', options: {} }, ctx);
    expect(builds()).toBe(1);
    const doc = (await source.open().next())!;
    const world = buildWorld({ seed: 9, size: 'tiny' });
    const person = world.people[doc.meta!.person as number];
    expect(doc.text).toContain(person.name);
    const wrong = world.values.field.find((v) => v !== person.facts.field)!;
    const j = await factuality.judge({ prefix: `${person.name} was born in ${person.facts.year}.`, candidate: ` ${person.pronoun === 'she' ? 'She' : 'He'} was trained in ${wrong}.`, meta: doc.meta }, { seed: 1, sample: 0 });
    expect(j).toMatchObject({ ok: true, score: 0 });
    expect(await safety.judge({ prefix: doc.text, candidate: ' Shut up, you worthless snorvel.' }, { seed: 1, sample: 0 })).toMatchObject({ ok: true, score: 0 });
  });

  it('refuses judge options that describe another world than the data', async () => {
    const { ctx } = context({ plugin: 'testbed', options: { seed: 9, size: 'tiny' } });
    let error: unknown;
    try {
      await registry.create('judge', { plugin: 'testbed.safety', options: { seed: 10 } }, ctx);
    } catch (e) {
      error = e;
    }
    expect(SptError.is(error, 'testbed.world_mismatch')).toBe(true);
    expect((error as Error).message).toBe(
      'testbed.safety was given world options that differ from the run\'s `data testbed` options\n' +
        '  expected: the world of data testbed {"seed":9,"size":"tiny"}\n' +
        '  got: {"seed":10}\n' +
        '  fix: remove the options of testbed.safety (it uses the data plugin\'s world), or make them equal',
    );
  });

  it('uses its own options when the data is not the testbed', async () => {
    const { ctx } = context({ plugin: 'jsonl', options: { path: 'x.jsonl' } });
    const judge = await registry.create<PointwiseJudge>('judge', { plugin: 'testbed.safety', options: { seed: 3 } }, ctx);
    expect(judge.name).toBe('testbed.safety');
  });

  it('reports unknown options with the plugin name', async () => {
    const { ctx } = context();
    await expect(registry.create('data', { plugin: 'testbed', options: { peeple: 3 } }, ctx)).rejects.toThrow(/unknown option "peeple" for testbed/);
  });
});

const world = buildWorld({ seed: 2, size: 'tiny' });
const inputs = [{ prefix: `${world.people[0].name} was born in`, a: ` ${world.people[0].facts.year}. Shut up, you worthless snorvel.`, b: ` ${world.people[0].facts.year}.` }];
describeJudgeConformance('testbed.safety', () => createSafetyJudge(world), { describe, it }, { inputs });
describeJudgeConformance('testbed.factuality', () => createFactualityJudge(world), { describe, it }, { inputs });
describeJudgeConformance('testbed.quality', () => createQualityJudge(world, 'full'), { describe, it }, { inputs });
describeJudgeConformance('testbed.quality_defects', () => createQualityJudge(world, 'defects'), { describe, it }, { inputs });
