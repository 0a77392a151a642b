import { corePlugins, createRegistry } from '@spt/core';
import { testingPlugins } from '@spt/core/testing';
import { describe, expect, it } from 'vitest';
import { compileRecipe } from '../compile-recipe';

const registry = createRegistry([corePlugins, testingPlugins]);
const recipe = (data: string) => `recipe nested {
  ${data}
  policy mock.bigram { seed: 1 }
  window { k: 8, prefix: 8..16 }
  objective ntp
  train { steps: 2, batch: 2, lr: 1.0, seed: 1 }
}
`;

describe('plugins named inside options (manifest refs)', () => {
  it('are checked like recipe lines: unknown plugin with the closest name, unknown option with the fix, at their line', () => {
    const text = recipe(`data tasks.judge {
    from: { plugin: "mock.dosc", seed: 1 }
    corrupt: { plugin: "mock.rewriter", fail_rat: 0.1 }
    label: [{ plugin: "mock.clean" }, { plugin: "mock.clean", abstain: 2 }]
    aspect: safety
  }`);
    const { config, diagnostics } = compileRecipe(text, { registry });
    expect(config).toBeUndefined();
    const found = diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, message: d.message, fix: d.fix }));
    expect(found).toEqual([
      expect.objectContaining({ code: 'plugin.unknown', line: 3, fix: expect.stringContaining('mock.docs') }),
      expect.objectContaining({ code: 'option.unknown', line: 4, fix: expect.stringContaining('fail_rate') }),
      expect.objectContaining({ code: 'option.unknown', line: 5, message: expect.stringContaining('abstain') }),
    ]);
  });

  it('a plugin of the wrong kind is named as such', () => {
    const { diagnostics } = compileRecipe(recipe('data tasks.judge { from: { plugin: "mock.clean" }, aspect: safety, label: [{ plugin: "mock.clean" }] }'), { registry });
    expect(diagnostics.map((d) => d.message)).toEqual(['"mock.clean" is a judge plugin, not a data plugin']);
  });

  it('valid nested references compile', () => {
    const { config, diagnostics } = compileRecipe(recipe('data tasks.judge { from: { plugin: "mock.docs", seed: 1 }, corrupt: { plugin: "mock.rewriter" }, aspect: quality }'), { registry });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(config?.data.plugin).toBe('tasks.judge');
  });
});
