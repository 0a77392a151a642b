/**
 * The built package (run `pnpm --filter @spt/judges build` first; the root `pnpm test` does):
 * it loads, lists its plugins, and importing it pulls in none of the heavy modules, which load
 * only when a model or cache is created.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtEntry, externalStaticImports, listedPlugins } from '../../llm/test/helpers/dist-imports';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));

describe('@spt/judges dist', () => {
  it('imports and lists its plugins', async () => {
    expect(await listedPlugins(builtEntry(dist))).toEqual([
      'completion:openai',
      'completion:llama_cpp',
      'judge:llm.quality',
      'judge:llm.safety',
      'judge:llm.factuality',
      'cache:sqlite',
      'cache:memory',
    ]);
  });

  it('keeps better-sqlite3 out of the static import graph (the completion models come from @spt/llm)', () => {
    expect(externalStaticImports(builtEntry(dist))).toEqual(['@spt/core', '@spt/llm', 'zod']);
  });
});
