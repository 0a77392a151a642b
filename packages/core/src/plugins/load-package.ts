import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveEsm } from 'import-meta-resolve';
import { SptError } from '../errors';
import { isPluginPackage, type PluginPackage } from '../spec/plugin';

/**
 * The entry file of a plugin package, resolved the way `import` would from `fromDir`: npm names
 * go through node_modules and package `exports` with ESM conditions (an ESM-only package that
 * exports just an `import` condition resolves; `require.resolve` would not). A path may name a
 * file or a package folder.
 */
export function resolvePluginEntry(specifier: string, fromDir: string): string {
  const base = path.resolve(fromDir);
  if (!(specifier.startsWith('.') || path.isAbsolute(specifier))) {
    return fileURLToPath(resolveEsm(specifier, pathToFileURL(path.join(base, 'noop.js')).href));
  }
  const target = path.resolve(base, specifier);
  if (!statSync(target).isDirectory()) return target;
  const manifest = path.join(target, 'package.json');
  if (existsSync(manifest)) {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; exports?: unknown };
    // A folder with `exports` resolves through its own name (package self-reference).
    if (pkg.name && pkg.exports !== undefined) return fileURLToPath(resolveEsm(pkg.name, pathToFileURL(manifest).href));
  }
  return createRequire(path.join(base, 'noop.js')).resolve(target);
}

/**
 * Loads a third-party plugin package by npm name (resolved from `fromDir`, usually the recipe's
 * folder) or by path. Its default export must be a PluginPackage (see definePluginPackage).
 */
export async function loadPluginPackage(specifier: string, fromDir: string = process.cwd()): Promise<PluginPackage> {
  let resolved: string;
  try {
    resolved = resolvePluginEntry(specifier, fromDir);
  } catch (cause) {
    throw new SptError({
      code: 'plugin.package-not-found',
      what: `plugin package "${specifier}" could not be found from ${fromDir}`,
      expected: 'an installed npm package (or a path) whose default export is an spt plugin package',
      got: (cause as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || (cause as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'nothing installed under that name'
        : `an unresolvable package (${(cause as Error).message})`,
      fix: `install it next to the recipe: npm install ${specifier}`,
      cause,
    });
  }
  const mod = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
  const pkg = mod.default ?? mod;
  if (!isPluginPackage(pkg)) {
    throw new SptError({
      code: 'plugin.package-invalid',
      what: `package "${specifier}" (${resolved}) is not an spt plugin package`,
      expected: 'a default export made with definePluginPackage({ name, version, plugins })',
      got: `default export of type ${typeof pkg}`,
      fix: 'export default definePluginPackage({...}) from the package entry point',
    });
  }
  return pkg;
}
