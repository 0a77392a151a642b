import { definePlugin, type Rewriter } from '@spt/core';
import { z } from 'zod';

/** The identity rewriter: the "rewrite" is the original suffix (a baseline, and a free one). */
export function createCopyRewriter(): Rewriter {
  return {
    name: 'copy',
    version: 'copy-v1',
    async rewrite(input) {
      return { ok: true, text: input.suffix };
    },
  };
}

/** `copy`: identity rewriter. */
export const copyRewritePlugin = definePlugin<Rewriter, Record<string, never>>({
  manifest: {
    name: 'copy',
    kind: 'rewriter',
    version: '1.0.0',
    description: 'identity rewriter: returns the original suffix unchanged',
    options: z.strictObject({}),
  },
  create: () => createCopyRewriter(),
});
