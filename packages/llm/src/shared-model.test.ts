import type { CompletionModel, PluginContext } from '@spt/core';
import { describe, expect, it } from 'vitest';
import { leaseModel } from './shared-model';

/** A context whose completion plugin makes numbered models that record being closed. */
function context() {
  const store = new Map<string, unknown>();
  const made: Array<{ id: number; closed: boolean }> = [];
  const ctx = {
    shared: <T>(key: string, make: () => T) => (store.has(key) ? store.get(key) : (store.set(key, make()), store.get(key))) as T,
    create: async () => {
      const m = { id: made.length, closed: false };
      made.push(m);
      return { name: 'fake', complete: async () => ({ text: '', usage: { promptTokens: 0, completionTokens: 0 } }), close: async () => void (m.closed = true) } as unknown as CompletionModel;
    },
  } as unknown as Pick<PluginContext, 'shared' | 'create'>;
  return { ctx, made };
}

describe('leaseModel', () => {
  it('shares one model between users of the same options and closes it after the last one', async () => {
    const { ctx, made } = context();
    const [a, b] = await Promise.all([leaseModel(ctx, { plugin: 'x', url: 'u' }), leaseModel(ctx, { plugin: 'x', url: 'u' })]);
    expect(a.model).toBe(b.model);
    expect(made).toHaveLength(1);
    await a.release();
    await a.release(); // twice counts once
    expect(made[0].closed).toBe(false);
    await b.release();
    expect(made[0].closed).toBe(true);
  });

  it('a lease after the last release gets a new model, not the closed one', async () => {
    const { ctx, made } = context();
    await (await leaseModel(ctx, { plugin: 'x' })).release();
    const again = await leaseModel(ctx, { plugin: 'x' });
    expect(made.map((m) => m.closed)).toEqual([true, false]);
    await again.release();
  });
});
