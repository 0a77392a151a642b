import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A package's built entry (`<dist>/index.js`): a missing build fails the test with the fix. */
export function builtEntry(dist: string): string {
  const entry = path.join(dist, 'index.js');
  if (!fs.existsSync(entry)) throw new Error(`no ${entry}: run \`pnpm build\` first (the root \`pnpm test\` does)`);
  return entry;
}

/** Every module a file imports statically, following relative imports through the dist folder. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  for (const m of fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)) {
    const spec = m[1];
    if (spec.startsWith('.')) {
      const next = path.resolve(path.dirname(file), spec);
      if (!seen.has(next)) {
        seen.add(next);
        staticImports(next, seen);
      }
    } else seen.add(spec);
  }
  return seen;
}

/** The packages (not Node built-ins) a built entry pulls in when imported, sorted. */
export const externalStaticImports = (entry: string): string[] => [...staticImports(entry)].filter((s) => !s.startsWith('/') && !isBuiltin(s)).sort();

/** `<kind>:<name>` of every plugin the built package's default export lists. */
export async function listedPlugins(entry: string): Promise<string[]> {
  const mod = (await import(pathToFileURL(entry).href)) as { default: { plugins: Array<{ manifest: { kind: string; name: string } }> } };
  return mod.default.plugins.map((p) => `${p.manifest.kind}:${p.manifest.name}`);
}
