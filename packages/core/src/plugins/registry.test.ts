import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, definePluginPackage, type PluginContext } from '../spec/plugin';
import { Services } from '../spec/services';
import { SptError } from '../errors';
import { createRegistry } from './container';

const echo = definePlugin({
  manifest: {
    name: 'echo.judge',
    kind: 'judge',
    version: '1.0.0',
    description: 'test judge',
    options: z.strictObject({ level: z.number().int().min(1).default(1) }),
  },
  create: (options: { level: number }) => ({ name: 'echo', level: options.level }),
});
const pkg = definePluginPackage({ name: 'test-pkg', version: '1.0.0', plugins: [echo] });
const ctx = {} as PluginContext;

describe('PluginRegistry', () => {
  it('creates a registered plugin with validated options', async () => {
    const registry = createRegistry([pkg]);
    const made = await registry.create<{ level: number }>('judge', { plugin: 'echo.judge', options: { level: 3 } }, ctx);
    expect(made.level).toBe(3);
    expect(registry.manifests('judge').map((m) => m.name)).toEqual(['echo.judge']);
  });

  it('without a context, a plugin gets a standalone one: nested plugins, shared values and the core services', async () => {
    const outer = definePlugin({
      manifest: { name: 'echo.outer', kind: 'judge', version: '1.0.0', description: 'nests echo.judge', options: z.strictObject({}), services: [Services.rng] },
      create: async (_o: Record<string, never>, c: PluginContext) => ({
        inner: await c.create<{ level: number }>('judge', { plugin: 'echo.judge', options: { level: 2 } }),
        same: c.shared('k', () => ({})) === c.shared('k', () => ({})),
        draw: c.service!(Services.rng)('test').next(),
        seed: c.seed,
      }),
    });
    const registry = createRegistry([definePluginPackage({ name: 'nest', version: '1.0.0', plugins: [echo, outer] })]);
    const made = await registry.create<{ inner: { level: number }; same: boolean; draw: number; seed: number }>('judge', { plugin: 'echo.outer', options: {} });
    expect(made.inner.level).toBe(2);
    expect(made.same).toBe(true);
    expect(made.seed).toBe(0);
    const again = await registry.create<{ draw: number }>('judge', { plugin: 'echo.outer', options: {} });
    expect(again.draw).toBe(made.draw); // seed 0 each time: the same stream
  });

  it('names the closest plugin for a typo', () => {
    const registry = createRegistry([pkg]);
    const err = (() => {
      try {
        registry.get('judge', 'echo.jduge');
      } catch (e) {
        return e;
      }
    })();
    expect(SptError.is(err, 'plugin.unknown')).toBe(true);
    expect((err as SptError).message).toBe(
      'unknown judge plugin "echo.jduge"\n  expected: one of: echo.judge\n  got: echo.jduge\n  fix: did you mean "echo.judge"?',
    );
  });

  it('reports the option path, the expected type and what it got', async () => {
    const registry = createRegistry([pkg]);
    await expect(registry.create('judge', { plugin: 'echo.judge', options: { level: 'high' } }, ctx)).rejects.toThrow(
      /at "level".*\n  expected: number\n  got: string "high"/,
    );
    await expect(registry.create('judge', { plugin: 'echo.judge', options: { lvl: 2 } }, ctx)).rejects.toThrow(
      /unknown option "lvl" for echo.judge/,
    );
  });

  it('resolves env("NAME") markers from the context, and names a missing variable', async () => {
    const registry = createRegistry([pkg]);
    const withEnv = { env: (n: string) => (n === 'LEVEL' ? 4 : undefined) } as unknown as PluginContext;
    await expect(registry.create<{ level: number }>('judge', { plugin: 'echo.judge', options: { level: { $env: 'LEVEL' } } }, withEnv)).resolves.toMatchObject({ level: 4 });
    await expect(registry.create('judge', { plugin: 'echo.judge', options: { level: { $env: 'NOPE' } } }, withEnv)).rejects.toThrow(
      'judge plugin "echo.judge" needs the environment variable NOPE, which is not set',
    );
  });

  it('works with no plugin package loaded', () => {
    expect(createRegistry([]).manifests()).toEqual([]);
  });
});
