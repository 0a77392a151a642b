import { corePlugins, isPluginPackage, loadPluginPackage, type PluginPackage } from '@spt/core';

/** The built-in plugin packages, imported on first use so `spt --help` loads none of them. */
const BUILTIN_IMPORTS: Array<[string, () => Promise<{ default: unknown }>]> = [
  ['@spt/testbed', () => import('@spt/testbed')],
  ['@spt/backends', () => import('@spt/backends')],
  ['@spt/llm', () => import('@spt/llm')],
  ['@spt/judges', () => import('@spt/judges')],
  ['@spt/rewriters', () => import('@spt/rewriters')],
];

/**
 * The plugin packages every `spt` command has: the core's own plugins (data readers, caches,
 * metrics sinks), the testbed, the policy backends, the LLM judges and the rewriters. Their
 * manifests are cheap to import: engines load inside `create`.
 */
export async function builtinPackages(): Promise<PluginPackage[]> {
  const packages: PluginPackage[] = [corePlugins];
  for (const [name, load] of BUILTIN_IMPORTS) {
    const pkg = (await load()).default;
    if (!isPluginPackage(pkg)) throw new Error(`built-in package ${name} has no plugin package as its default export (a broken build? run pnpm build)`);
    packages.push(pkg);
  }
  return packages;
}

/**
 * Built-ins plus each `use` specifier (an npm name resolved from `fromDir`, or a path). A `use`
 * naming a built-in package (`use "@spt/testbed"`) is already loaded and is skipped, so recipes
 * outside a project with node_modules still work. Duplicates load once.
 */
export async function loadPlugins(
  uses: readonly string[] = [],
  fromDir: string = process.cwd(),
  builtins?: readonly PluginPackage[],
): Promise<PluginPackage[]> {
  const packages = [...(builtins ?? (await builtinPackages()))];
  const names = new Set(packages.map((p) => p.name));
  const seen = new Set<string>();
  for (const spec of uses) {
    if (names.has(spec) || seen.has(spec)) continue;
    seen.add(spec);
    const pkg = await loadPluginPackage(spec, fromDir);
    if (names.has(pkg.name)) continue;
    names.add(pkg.name);
    packages.push(pkg);
  }
  return packages;
}

/** Which package provides each plugin, keyed `kind:name` (for `spt plugins`). */
export function pluginOrigins(packages: readonly PluginPackage[]): Map<string, PluginPackage> {
  const origins = new Map<string, PluginPackage>();
  for (const pkg of packages) {
    for (const def of pkg.plugins) origins.set(`${def.manifest.kind}:${def.manifest.name}`, pkg);
  }
  return origins;
}
