import { describe, expect, it } from 'vitest';
import { SptError } from '../errors';
import { createSptContainer } from '../plugins/container';
import { PluginRegistry } from '../plugins/registry';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { evalPromptSeed, suiteRef } from './suite-ref';

const registry = createSptContainer([testingPlugins]).get(PluginRegistry);

describe('suiteRef', () => {
  it('takes the suite the recipe names, else the data plugin\'s own', () => {
    const named = { plugin: 'other.eval', options: { a: 1 } };
    expect(suiteRef(mockRunConfig({ eval: { every: 0, prefixes: 4, against: 'start', seeds: 1, suite: named } }), registry)).toBe(named);
    expect(suiteRef(mockRunConfig(), registry)).toEqual({ plugin: 'mock.docs.eval', options: {} });
  });

  it('names the data plugin and the loaded suites when there is none', () => {
    const config = mockRunConfig({ data: { plugin: 'jsonl', options: {} } });
    let error: unknown;
    try {
      suiteRef(config, registry);
    } catch (e) {
      error = e;
    }
    expect(SptError.is(error) && error.code).toBe('eval.no-suite');
    expect((error as Error).message).toContain('no evaluation suite for data "jsonl"');
    expect((error as Error).message).toContain('eval plugins: mock.docs.eval');
  });
});

describe('evalPromptSeed', () => {
  it('derives the draws of `spt eval --seeds n` from the run seed; index 0 is the in-loop one', () => {
    const config = mockRunConfig({ train: { seed: 7 } });
    expect([0, 1, 2].map((i) => evalPromptSeed(config, i))).toEqual([7000, 7001, 7002]);
  });
});
