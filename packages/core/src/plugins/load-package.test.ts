import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SptError } from '../errors';
import { loadPluginPackage, resolvePluginEntry } from './load-package';

// A fake project with an ESM-only plugin package (exports: { import }) in node_modules.
let project: string;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'spt-load-'));
  const pkgDir = path.join(project, 'node_modules', 'spt-plugin-esm');
  mkdirSync(path.join(pkgDir, 'dist'), { recursive: true });
  writeFileSync(
    path.join(pkgDir, 'package.json'),
    JSON.stringify({ name: 'spt-plugin-esm', version: '1.2.3', type: 'module', exports: { '.': { import: './dist/index.js' } } }),
  );
  // Made without definePluginPackage so the fixture does not depend on resolving @spt/core.
  writeFileSync(
    path.join(pkgDir, 'dist/index.js'),
    "export default { name: 'spt-plugin-esm', version: '1.2.3', plugins: [], module: { id: 1, load() {} } };\n",
  );
  writeFileSync(path.join(project, 'not-a-plugin.mjs'), 'export default 42;\n');
  const broken = path.join(project, 'node_modules', 'spt-plugin-broken');
  mkdirSync(broken, { recursive: true });
  writeFileSync(path.join(broken, 'package.json'), JSON.stringify({ name: 'spt-plugin-broken', version: '1.0.0', type: 'module', exports: './index.js' }));
  writeFileSync(path.join(broken, 'index.js'), "import 'left-pad-not-installed';\nexport default {};\n");
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('loadPluginPackage', () => {
  it('resolves an ESM-only package through its exports "import" condition', async () => {
    expect(resolvePluginEntry('spt-plugin-esm', project)).toBe(path.join(project, 'node_modules/spt-plugin-esm/dist/index.js'));
    const pkg = await loadPluginPackage('spt-plugin-esm', project);
    expect(pkg).toMatchObject({ name: 'spt-plugin-esm', version: '1.2.3' });
  });

  it('loads a package folder by path through its own exports', async () => {
    const pkg = await loadPluginPackage('./node_modules/spt-plugin-esm', project);
    expect(pkg.name).toBe('spt-plugin-esm');
  });

  it('names the package and the fix when nothing is installed under that name', async () => {
    const err = await loadPluginPackage('spt-judge-missing', project).catch((e: unknown) => e);
    expect(SptError.is(err, 'plugin.package-not-found')).toBe(true);
    expect((err as SptError).message).toBe(
      `plugin package "spt-judge-missing" could not be found from ${project}\n` +
        '  expected: an installed npm package (or a path) whose default export is an spt plugin package\n' +
        '  got: nothing installed under that name\n' +
        '  fix: install it next to the recipe: npm install spt-judge-missing',
    );
  });

  it('suggests the installed package a typo resembles instead of only npm install', async () => {
    const err = await loadPluginPackage('spt-plugin-esn', project).catch((e: unknown) => e);
    expect(SptError.is(err, 'plugin.package-not-found')).toBe(true);
    expect((err as SptError).fix).toBe('did you mean "spt-plugin-esm"? (installed); or, if you meant a new package, install it next to the recipe: npm install spt-plugin-esn');
  });

  it('a package that is installed but does not load names the package and the module it misses', async () => {
    const err = await loadPluginPackage('spt-plugin-broken', project).catch((e: unknown) => e);
    expect(SptError.is(err, 'plugin.package-import')).toBe(true);
    expect((err as SptError).what).toBe(
      `plugin package "spt-plugin-broken" (${path.join(project, 'node_modules/spt-plugin-broken/index.js')}) is installed but does not load: it imports "left-pad-not-installed", which is not installed`,
    );
    expect((err as SptError).fix).toBe('install what it needs: npm install left-pad-not-installed (or reinstall spt-plugin-broken)');
  });

  it('rejects a module whose default export is not a plugin package', async () => {
    const err = await loadPluginPackage('./not-a-plugin.mjs', project).catch((e: unknown) => e);
    expect(SptError.is(err, 'plugin.package-invalid')).toBe(true);
  });
});
