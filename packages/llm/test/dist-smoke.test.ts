/**
 * The built package (run `pnpm --filter @spt/llm build` first; the root `pnpm test` does):
 * it loads, lists its plugins, and importing it pulls in none of the heavy modules, which load
 * only when a model is created.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtEntry, externalStaticImports, listedPlugins } from './helpers/dist-imports';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

describe('@spt/llm dist', () => {
  it('imports and lists its plugins', async () => {
    expect(await listedPlugins(builtEntry(dist))).toEqual(['completion:openai', 'completion:llama_cpp']);
  });

  it('keeps node-llama-cpp and undici out of the static import graph', () => {
    expect(externalStaticImports(builtEntry(dist))).toEqual(['@spt/core', 'zod']);
  });
});
