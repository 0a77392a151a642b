import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SptError } from '../errors';
import { isPluginPackage, type PluginPackage } from '../spec/plugin';

/**
 * Loads a third-party plugin package by npm name (resolved from `fromDir`, usually the recipe's
 * folder) or by path. Its default export must be a PluginPackage (see definePluginPackage).
 */
export async function loadPluginPackage(specifier: string, fromDir: string = process.cwd()): Promise<PluginPackage> {
  let resolved: string;
  try {
    const require = createRequire(path.join(path.resolve(fromDir), 'noop.js'));
    resolved = specifier.startsWith('.') || path.isAbsolute(specifier)
      ? require.resolve(path.resolve(fromDir, specifier))
      : require.resolve(specifier);
  } catch (cause) {
    throw new SptError({
      code: 'plugin.package-not-found',
      what: `plugin package "${specifier}" could not be found from ${fromDir}`,
      expected: 'an installed npm package (or a path) whose default export is an spt plugin package',
      got: 'nothing installed under that name',
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
