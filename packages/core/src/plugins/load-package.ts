import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveEsm } from 'import-meta-resolve';
import { SptError } from '../errors';
import { didYouMean } from '../util/closest';
import { isPluginPackage, type PluginPackage } from '../spec/plugin';
import { checkCorePeer } from './peer-check';

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
      fix: notFoundFix(specifier, fromDir),
      cause,
    });
  }
  checkCorePeer(specifier, resolved);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
  } catch (cause) {
    // The package is there but its code does not load (a missing dependency, a syntax error).
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec((cause as Error).message)?.[1];
    throw new SptError({
      code: 'plugin.package-import',
      what: `plugin package "${specifier}" (${resolved}) is installed but does not load${missing ? `: it imports "${missing}", which is not installed` : ''}`,
      expected: 'a package whose entry imports without errors',
      got: String((cause as Error).message ?? cause).split('\n')[0],
      fix: missing ? `install what it needs: npm install ${missing} (or reinstall ${specifier})` : `reinstall ${specifier}, or fix its build`,
      cause,
    });
  }
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

/** Names installed in the node_modules folders from `fromDir` up (scoped names included). */
function installedNames(fromDir: string): string[] {
  const names = new Set<string>();
  for (let dir = path.resolve(fromDir); ; dir = path.dirname(dir)) {
    const nm = path.join(dir, 'node_modules');
    if (existsSync(nm)) {
      for (const entry of readdirSync(nm)) {
        if (entry.startsWith('.')) continue;
        if (entry.startsWith('@')) for (const sub of readdirSync(path.join(nm, entry))) names.add(`${entry}/${sub}`);
        else names.add(entry);
      }
    }
    if (path.dirname(dir) === dir) break;
  }
  return [...names];
}

/** A typo of an installed package gets "did you mean"; anything else gets the install command. */
function notFoundFix(specifier: string, fromDir: string): string {
  const install = `install it next to the recipe: npm install ${specifier}`;
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return 'check the path (it is resolved from the recipe\'s folder)';
  let hint = '';
  try {
    hint = didYouMean(specifier, installedNames(fromDir));
  } catch {
    hint = '';
  }
  return hint ? `${hint} (installed); or, if you meant a new package, ${install}` : install;
}
