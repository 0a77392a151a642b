import { createRegistry, type PluginContext, type PluginKind, type PluginPackage, type PluginRef } from '@spt/core';

/**
 * A plugin context like a run's: plugins from the given packages, one shared store, the given
 * environment. Returns the store too, so tests can look at what plugins share.
 */
export function testContext(packages: PluginPackage[], env: Record<string, string> = {}, seed = 1) {
  const registry = createRegistry(packages);
  const store = new Map<string, unknown>();
  const logs: string[] = [];
  const ctx: PluginContext = {
    seed,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one implementation for both create overloads
    create: (kind: PluginKind, ref: PluginRef): Promise<any> => registry.create(kind, ref, ctx),
    shared: <T>(key: string, make: () => T) => {
      if (!store.has(key)) store.set(key, make());
      return store.get(key) as T;
    },
    env: (name) => env[name],
    log: (m) => logs.push(m),
  };
  return { ctx, store, logs, registry };
}
