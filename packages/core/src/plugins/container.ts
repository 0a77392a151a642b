import 'reflect-metadata';
import { Container } from 'inversify';
import type { PluginPackage } from '../spec/plugin';
import { PluginRegistry } from './registry';

/**
 * The DI container of a run: the plugin registry plus every plugin package's ContainerModule.
 * Core services (scheduler parts) are plain functions and objects; DI stays at this edge.
 */
export function createSptContainer(packages: readonly PluginPackage[]): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  const loaded = new Set<string>();
  for (const pkg of packages) {
    if (loaded.has(pkg.name)) continue;
    loaded.add(pkg.name);
    container.loadSync(pkg.module);
  }
  container.bind(PluginRegistry).toSelf();
  return container;
}

/** Shortcut: the registry over a list of packages. */
export function createRegistry(packages: readonly PluginPackage[]): PluginRegistry {
  return createSptContainer(packages).get(PluginRegistry);
}
