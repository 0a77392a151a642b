import { definePlugin, type Rewriter } from '@spt/core';
import { personHint, TESTBED_RULES_VERSION } from '../judges/judge-util';
import { oracleRewrite } from '../rewriter/oracle';
import { worldOptionsSchema, type WorldOptions } from '../world/options';
import type { World } from '../world/types';
import { worldFor } from './shared-world';

/** The oracle as a Rewriter: copies clean suffixes, repairs the rest (see oracle.ts). */
export function createOracleRewriter(world: World, name = 'testbed.oracle'): Rewriter {
  return {
    name,
    version: TESTBED_RULES_VERSION,
    async rewrite(input, ctx) {
      try {
        if (typeof input?.prefix !== 'string' || typeof input?.suffix !== 'string') return { ok: false, reason: 'prefix and suffix must be strings' };
        const r = oracleRewrite(world, { prefix: input.prefix, suffix: input.suffix, person: personHint(input.meta) }, ctx?.seed ?? 0);
        return r.ok ? { ok: true, text: r.text } : { ok: false, reason: r.reason };
      } catch (error) {
        return { ok: false, reason: `testbed oracle failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    },
  };
}

/** testbed.oracle: the exact rewriter of the testbed. */
export const oraclePlugin = definePlugin<Rewriter, WorldOptions>({
  manifest: {
    name: 'testbed.oracle',
    kind: 'rewriter',
    version: '0.1.0',
    description: 'oracle rewriter of the testbed: copies a clean suffix exactly, corrects facts, replaces unsafe and low-quality sentences',
    options: worldOptionsSchema,
  },
  create: (options, ctx) => createOracleRewriter(worldFor(ctx, options, 'testbed.oracle')),
});
