import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const graph = () => JSON.parse(execFileSync(process.execPath, [path.join(root, 'scripts/package-graph.mjs'), '--json'], { encoding: 'utf8' })) as { layers: string[][]; dependencies: Record<string, string[]> };

/** Every `@spt/<name>` a package's shipped source (tests left out) imports. */
function importedSpt(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__fixtures__') walk(p);
      } else if (e.name.endsWith('.ts') && !/\.test(-util)?\.ts$/.test(e.name)) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/(?:from|import\()\s*['"](@spt\/[a-z-]+)/g)) out.add(m[1]);
      }
    }
  };
  walk(path.join(dir, 'src'));
  return out;
}

describe('the package dependency graph (node scripts/package-graph.mjs)', () => {
  it('has no cycle, and each layer depends only on lower ones', () => {
    const { layers, dependencies } = graph();
    expect(layers[0]).toEqual(['@spt/core']);
    const at = new Map(layers.flatMap((l, i) => l.map((n) => [n, i] as const)));
    for (const [name, deps] of Object.entries(dependencies)) for (const d of deps) expect(at.get(d)!, `${name} -> ${d}`).toBeLessThan(at.get(name)!);
    // What the packages are for: judges and rewriters share @spt/llm and do not depend on each other.
    expect(dependencies['@spt/rewriters']).not.toContain('@spt/judges');
    expect(dependencies['@spt/judges']).not.toContain('@spt/rewriters');
  });

  it('every @spt package a package imports in its shipped source is a declared dependency', () => {
    for (const dir of fs.readdirSync(path.join(root, 'packages'))) {
      const pkgFile = path.join(root, 'packages', dir, 'package.json');
      if (!fs.existsSync(pkgFile)) continue;
      const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
      const declared = new Set([pkg.name, ...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies })]);
      const undeclared = [...importedSpt(path.join(root, 'packages', dir))].filter((n) => !declared.has(n));
      expect(undeclared, `${pkg.name} imports these without declaring them`).toEqual([]);
    }
  });
});
