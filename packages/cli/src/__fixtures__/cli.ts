import { z } from 'zod';
import { definePlugin, definePluginPackage, type PluginPackage } from '@spt/core';
import type { CliDeps } from '../context';
import { runCli } from '../program';

/** A plugin package for tests: one pairwise judge with options, one data source without. */
export const testPackage: PluginPackage = definePluginPackage({
  name: 'spt-test-plugins',
  version: '2.0.0',
  plugins: [
    definePlugin({
      manifest: {
        name: 'toy.quality',
        kind: 'judge',
        version: '1.0.0',
        description: 'prefers the longer continuation',
        judge: { modes: ['pairwise'] },
        options: z.strictObject({
          margin: z.number().int().min(0).max(10).default(2).describe('characters of slack'),
          mode: z.enum(['chars', 'words']).default('chars'),
          sampling: z.strictObject({ top_p: z.number().gt(0).lte(1).default(1) }).default({ top_p: 1 }),
          model: z.string().describe('model name'),
        }),
      },
      create: () => ({}),
    }),
    definePlugin({
      manifest: { name: 'toy.corpus', kind: 'data', version: '1.0.0', description: 'three fixed documents', options: z.strictObject({}) },
      create: () => ({}),
    }),
  ],
});

export interface CliOutput {
  code: number;
  out: string[];
  err: string[];
}

/** Runs `spt` in-process with captured output, no TTY, no signals and only `testPackage`. */
export async function cli(argv: string[], deps: Partial<CliDeps> = {}): Promise<CliOutput> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    isTTY: false,
    loadPlugins: async () => [testPackage],
    onInterrupt: () => () => {},
    exitNow: (c) => {
      throw new Error(`exitNow(${c})`);
    },
    ...deps,
  });
  return { code, out, err };
}
