import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinPackages } from '../src/builtins';

// The built dist of every package, imported by plain Node (no vitest aliases, no TS): esbuild
// emits no decorator metadata, so a DI class that relies on it breaks here and only here.
const cliDir = fileURLToPath(new URL('..', import.meta.url));
const repo = path.resolve(cliDir, '../..');
const ENTRIES = [
  '@spt/core',
  '@spt/core/testing',
  '@spt/dsl',
  '@spt/judges',
  '@spt/rewriters',
  '@spt/backends',
  '@spt/backends/tfjs',
  '@spt/backends/torch',
  '@spt/testbed',
  '@spt/cli',
];
const PLUGIN_PACKAGES = ['@spt/testbed', '@spt/backends', '@spt/judges', '@spt/rewriters'];

const SCRIPT = `
const entries = ${JSON.stringify(ENTRIES)};
const mods = {};
for (const name of entries) mods[name] = await import(name);
const core = mods['@spt/core'];
const packages = ${JSON.stringify(PLUGIN_PACKAGES)}.map((n) => mods[n].default);
if (core.corePlugins) packages.unshift(core.corePlugins);
const container = core.createSptContainer(packages);
const registry = container.get(core.PluginRegistry);
// Two different definitions under one kind:name: the registry keeps one, silently.
const byKey = new Map();
for (const p of packages) for (const d of p.plugins) {
  const key = d.manifest.kind + ':' + d.manifest.name;
  const entry = byKey.get(key) ?? { defs: new Set(), packages: [] };
  entry.defs.add(d);
  entry.packages.push(p.name);
  byKey.set(key, entry);
}
console.log(JSON.stringify({
  packages: packages.map((p) => ({ name: p.name, isPackage: core.isPluginPackage(p), plugins: p.plugins.length })),
  keys: byKey.size,
  conflicts: [...byKey].filter(([, e]) => e.defs.size > 1).map(([key, e]) => key + ' from ' + e.packages.join(' and ')),
  manifests: registry.manifests().map((m) => m.kind + ':' + m.name),
  schemas: registry.manifests().every((m) => typeof m.options?.safeParse === 'function'),
  exports: Object.fromEntries(entries.map((n) => [n, Object.keys(mods[n]).length])),
}));`;

interface SmokeResult {
  packages: Array<{ name: string; isPackage: boolean; plugins: number }>;
  keys: number;
  conflicts: string[];
  manifests: string[];
  schemas: boolean;
  exports: Record<string, number>;
}

let result: SmokeResult;

beforeAll(() => {
  const missing = ['core', 'dsl', 'judges', 'rewriters', 'backends', 'testbed', 'cli'].filter(
    (p) => !existsSync(path.join(repo, 'packages', p, 'dist/index.js')),
  );
  if (missing.length) throw new Error(`no dist for ${missing.join(', ')}: run \`pnpm build\` first (the root \`pnpm test\` does)`);
  const out = execFileSync('node', ['--input-type=module', '-e', SCRIPT], { cwd: cliDir, encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  result = JSON.parse(out) as SmokeResult;
});

describe('built dist (plain node, no aliases)', () => {
  it('imports every package entry point', () => {
    expect(Object.keys(result.exports)).toEqual(ENTRIES);
    expect(result.exports['@spt/core']).toBeGreaterThan(10);
  });

  it('resolves the container with every built-in plugin package and registers each plugin once', () => {
    for (const p of result.packages) expect(p).toMatchObject({ isPackage: true });
    expect(result.manifests).toHaveLength(result.keys);
    expect(new Set(result.manifests).size).toBe(result.keys);
    expect(result.schemas).toBe(true);
  });

  it('has no two different plugins under one kind and name (the registry would keep one silently)', () => {
    expect(result.conflicts).toEqual([]);
  });

  it('holds the same plugins as the sources (a stale dist means: run pnpm build)', async () => {
    const fromSource = (await builtinPackages()).flatMap((p) => p.plugins.map((d) => `${d.manifest.kind}:${d.manifest.name}`));
    expect([...result.manifests].sort()).toEqual([...new Set(fromSource)].sort());
  });

  it('ships a working `spt` binary', () => {
    const bin = path.join(cliDir, 'dist/bin.js');
    const help = execFileSync('node', [bin, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/^Usage: spt \[options\] \[command\]/);
    for (const command of ['run', 'plugins']) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
    const version = execFileSync('node', [bin, '--version'], { encoding: 'utf8' }).trim();
    expect(version).toBe((JSON.parse(readFileSync(path.join(cliDir, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('ships the quick-start recipe that `spt run` without a recipe falls back to', () => {
    const shipped = readFileSync(path.join(cliDir, 'dist/recipes/quickstart.spt'), 'utf8');
    expect(shipped).toBe(readFileSync(path.join(repo, 'examples/quickstart.spt'), 'utf8'));
  });
});
