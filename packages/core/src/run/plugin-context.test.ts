import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistry } from '../plugins/container';
import { definePlugin, definePluginPackage } from '../spec/plugin';
import { createPluginContext } from './plugin-context';

describe('plugin context', () => {
  it('shares one value per key across plugins, creates nested plugins, reads env', async () => {
    let built = 0;
    const world = (ctx: { shared<T>(k: string, make: () => T): T }) => ctx.shared('world', () => ({ id: ++built }));
    const pkg = definePluginPackage({
      name: 'p',
      version: '0',
      plugins: [
        definePlugin({ manifest: { name: 'w.data', kind: 'data', version: '0', description: '', options: z.strictObject({}) }, create: (_o, ctx) => world(ctx) }),
        definePlugin({
          manifest: { name: 'w.judge', kind: 'judge', version: '0', description: '', options: z.strictObject({}) },
          create: async (_o, ctx) => ({ world: world(ctx), model: await ctx.create('completion', { plugin: 'w.model', options: {} }) }),
        }),
        definePlugin({ manifest: { name: 'w.model', kind: 'completion', version: '0', description: '', options: z.strictObject({}) }, create: (_o, ctx) => ({ key: ctx.env('API_KEY'), world: world(ctx) }) }),
      ],
    });
    const registry = createRegistry([pkg]);
    const logs: string[] = [];
    const ctx = createPluginContext({ registry, seed: 1, env: { API_KEY: 'k' }, log: (m) => logs.push(m), warn: () => {} });
    const data = await registry.create<{ id: number }>('data', { plugin: 'w.data', options: {} }, ctx);
    const judge = await registry.create<{ world: { id: number }; model: { key: string; world: { id: number } } }>('judge', { plugin: 'w.judge', options: {} }, ctx);
    expect(built).toBe(1);
    expect(judge.world).toBe(data);
    expect(judge.model).toEqual({ key: 'k', world: data });
  });
});
