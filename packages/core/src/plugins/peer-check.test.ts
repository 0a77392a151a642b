import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SptError } from '../errors';
import { definePlugin, definePluginPackage } from '../spec/plugin';
import { createRegistry } from './container';
import { loadPluginPackage } from './load-package';
import { checkCorePeer, coreVersion } from './peer-check';

const root = mkdtempSync(path.join(tmpdir(), 'spt-peer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A plugin package folder with the given @spt/core peer range (no dependency on core: it exports a plain object). */
function pkg(name: string, range: string | undefined): string {
  const dir = path.join(root, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '2.0.0', type: 'module', main: 'index.js', ...(range ? { peerDependencies: { '@spt/core': range } } : {}) }));
  writeFileSync(path.join(dir, 'index.js'), 'export default { name: "x", version: "2.0.0", plugins: [], module: { load() {} } };\n');
  return path.join(dir, 'index.js');
}

const errorOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as SptError;
  }
  return undefined;
};

describe('the @spt/core peer range of a plugin package', () => {
  it('knows the running core version', () => {
    expect(coreVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('passes a range that includes the running core, and a package without a range', () => {
    expect(errorOf(() => checkCorePeer('ok', pkg('spt-ok', '^0.1.0'), '0.1.3'))).toBeUndefined();
    expect(errorOf(() => checkCorePeer('none', pkg('spt-none', undefined), '0.1.0'))).toBeUndefined();
  });

  it('refuses a package built for another core, naming both versions and the fix', () => {
    const e = errorOf(() => checkCorePeer('spt-old', pkg('spt-old', '^0.3.0'), '0.1.0'));
    expect(e?.code).toBe('plugin.peer-mismatch');
    expect(e?.message).toContain('"spt-old" 2.0.0 needs @spt/core ^0.3.0, but @spt/core 0.1.0 is running');
    expect(e?.fix).toContain('npm install spt-old@latest');
  });

  it('refuses an unreadable range', () => {
    expect(errorOf(() => checkCorePeer('spt-bad', pkg('spt-bad', 'not a range!'), '0.1.0'))?.code).toBe('plugin.peer-range');
  });

  it('loadPluginPackage checks it before importing the package', async () => {
    pkg('spt-future', '>=9.0.0');
    await expect(loadPluginPackage('spt-future', root)).rejects.toMatchObject({ code: 'plugin.peer-mismatch' });
  });
});

describe('two packages registering one plugin name', () => {
  const judge = (name: string) =>
    definePlugin({ manifest: { name, kind: 'judge', version: '1.0.0', description: 'x', options: z.strictObject({}), judge: { modes: ['pointwise'] } }, create: () => ({}) });
  it('is an error naming both packages and the plugin', () => {
    const a = definePluginPackage({ name: 'spt-judge-a', version: '1.0.0', plugins: [judge('shared.score')] });
    const b = definePluginPackage({ name: 'spt-judge-b', version: '1.0.0', plugins: [judge('shared.score')] });
    const e = errorOf(() => createRegistry([a, b]));
    expect(e?.code).toBe('plugin.duplicate');
    expect(e?.message).toContain('judge plugin "shared.score": spt-judge-a and spt-judge-b');
  });

  it('the same package listed twice is loaded once, not a conflict', () => {
    const a = definePluginPackage({ name: 'spt-judge-a', version: '1.0.0', plugins: [judge('shared.score')] });
    expect(createRegistry([a, a]).manifests('judge').map((m) => m.name)).toEqual(['shared.score']);
  });

  it('one definition re-listed by a second package (as @spt/rewriters lists the completion models) is one plugin', () => {
    const shared = judge('shared.score');
    const a = definePluginPackage({ name: 'spt-a', version: '1.0.0', plugins: [shared] });
    const b = definePluginPackage({ name: 'spt-b', version: '1.0.0', plugins: [shared] });
    expect(createRegistry([a, b]).manifests('judge').map((m) => m.name)).toEqual(['shared.score']);
  });
});
