import 'reflect-metadata';
import { Container } from 'inversify';
import type { PluginPackage } from '../spec/plugin';
import { SptError } from '../errors';
import { PluginRegistry } from './registry';

/**
 * The DI container of a run: the plugin registry plus every plugin package's ContainerModule.
 * Core services (scheduler parts) are plain functions and objects; DI stays at this edge.
 */
export function createSptContainer(packages: readonly PluginPackage[]): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  const loaded = new Set<string>();
  // The same definition listed by two packages (@spt/rewriters re-lists @spt/judges' completion models) is one plugin.
  const owner = new Map<string, { pkg: string; def: unknown }>();
  for (const pkg of packages) {
    if (loaded.has(pkg.name)) continue;
    loaded.add(pkg.name);
    for (const p of pkg.plugins) {
      const key = `${p.manifest.kind}:${p.manifest.name}`;
      const seen = owner.get(key);
      if (seen?.def === p) continue;
      const first = seen?.pkg;
      if (first !== undefined) {
        throw new SptError({
          code: 'plugin.duplicate',
          what: `two packages register the ${p.manifest.kind} plugin "${p.manifest.name}": ${first} and ${pkg.name}`,
          expected: 'each plugin name once per kind',
          got: `${first}, ${pkg.name}`,
          fix: `drop one of the two packages from the recipe's \`use\` lines (or ask ${pkg.name}'s author to rename it, e.g. "${pkg.name.replace(/^@[^/]+\//, '').replace(/^spt-[a-z]+-/, '')}.${p.manifest.name.split('.').pop()}")`,
        });
      }
      owner.set(key, { pkg: pkg.name, def: p });
    }
    container.loadSync(pkg.module);
  }
  container.bind(PluginRegistry).toSelf();
  return container;
}

/** Shortcut: the registry over a list of packages. */
export function createRegistry(packages: readonly PluginPackage[]): PluginRegistry {
  return createSptContainer(packages).get(PluginRegistry);
}
