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

  it('uses eval { prompt_seed } instead when the recipe sets it: replicate runs share their prefixes', () => {
    const at = (seed: number) => mockRunConfig({ train: { seed }, eval: { every: 0, prefixes: 8, against: 'start', seeds: 2, promptSeed: 5 } });
    expect([0, 1].map((i) => evalPromptSeed(at(7), i))).toEqual([5000, 5001]);
    expect(evalPromptSeed(at(8), 1)).toBe(evalPromptSeed(at(7), 1));
  });
});
