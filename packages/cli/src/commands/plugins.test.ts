import { describe, expect, it } from 'vitest';
import { cli } from '../__fixtures__/cli';

describe('spt plugins', () => {
  it('lists plugins by kind with modes, package and description', async () => {
    const { code, out } = await cli(['plugins']);
    expect(code).toBe(0);
    expect(out).toEqual([
      'data:',
      '  toy.corpus  spt-test-plugins  three fixed documents',
      'judge:',
      '  toy.quality  pairwise  spt-test-plugins  prefers the longer continuation',
    ]);
  });

  it('shows one plugin with its options, types, defaults and descriptions', async () => {
    const { code, out } = await cli(['plugins', 'toy.quality']);
    expect(code).toBe(0);
    expect(out).toEqual([
      'toy.quality (judge, pairwise) v1.0.0 from spt-test-plugins@2.0.0',
      '  prefers the longer continuation',
      'options:',
      '  margin          integer 0..10      default 2            characters of slack',
      '  mode            "chars" | "words"  default "chars"',
      '  sampling        object             default {"top_p":1}',
      '  sampling.top_p  number > 0, <= 1   default 1',
      '  model           string             required             model name',
    ]);
  });

  it('prints JSON Schema options with --json', async () => {
    const { out } = await cli(['--json', 'plugins', '--kind', 'judge']);
    expect(out).toHaveLength(1);
    const plugin = JSON.parse(out[0]);
    expect(plugin).toMatchObject({ type: 'plugin', name: 'toy.quality', kind: 'judge', modes: ['pairwise'], package: { name: 'spt-test-plugins', version: '2.0.0' } });
    expect(plugin.options).toMatchObject({ type: 'object', required: ['model'], additionalProperties: false });
    expect(plugin.options.properties.margin).toEqual({ type: 'integer', minimum: 0, maximum: 10, default: 2, description: 'characters of slack' });
  });

  it('exits 2 for an unknown plugin and suggests the closest name', async () => {
    const { code, err } = await cli(['plugins', 'toy.qualty']);
    expect(code).toBe(2);
    expect(err).toEqual([
      'error: no loaded plugin is named "toy.qualty"\n  expected: one of: toy.corpus, toy.quality\n  got: toy.qualty\n  fix: did you mean "toy.quality"?',
    ]);
  });

  it('passes --use packages to the plugin loader, resolved from the current folder', async () => {
    const calls: unknown[] = [];
    await cli(['plugins', '--use', 'spt-judge-a', 'spt-judge-b'], {
      cwd: '/somewhere',
      loadPlugins: async (uses, fromDir) => {
        calls.push([uses, fromDir]);
        return [];
      },
    });
    expect(calls).toEqual([[['spt-judge-a', 'spt-judge-b'], '/somewhere']]);
  });
});
