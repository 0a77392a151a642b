/**
 * The built package (run `pnpm --filter @spt/llm build` first; the root `pnpm test` does):
 * it loads, lists its plugins, and importing it pulls in none of the heavy modules, which load
 * only when a model or cache is created.
 */
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
/** A missing build fails the test with the fix (the root `pnpm test` builds first). */
function requireBuilt(): void {
  if (!fs.existsSync(path.join(dist, 'index.js'))) throw new Error(`no ${path.join(dist, 'index.js')}: run \`pnpm build\` first (the root \`pnpm test\` does)`);
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

describe('@spt/llm dist', () => {
  beforeAll(requireBuilt);

  it('imports and lists its plugins', async () => {
    const mod = (await import(pathToFileURL(path.join(dist, 'index.js')).href)) as { default: { plugins: Array<{ manifest: { kind: string; name: string } }> } };
    expect(mod.default.plugins.map((p) => `${p.manifest.kind}:${p.manifest.name}`)).toEqual(['completion:openai', 'completion:llama_cpp']);
  });

  it('keeps node-llama-cpp and undici out of the static import graph', () => {
    const external = [...staticImports(path.join(dist, 'index.js'))].filter((s) => !s.startsWith('/') && !isBuiltin(s));
    expect(external.sort()).toEqual(['@spt/core', 'zod']);
  });
});
