import { createRegistry, type PluginContext, type PluginPackage } from '@spt/core';

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
    create: (kind, ref) => registry.create(kind, ref, ctx),
    shared: <T>(key: string, make: () => T) => {
      if (!store.has(key)) store.set(key, make());
      return store.get(key) as T;
    },
    env: (name) => env[name],
    log: (m) => logs.push(m),
  };
  return { ctx, store, logs, registry };
}
