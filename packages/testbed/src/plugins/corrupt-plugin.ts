import { definePlugin, type Rewriter } from '@spt/core';
import { z } from 'zod';
import { personHint, TESTBED_RULES_VERSION } from '../judges/judge-util';
import { ALL_CORRUPTION_KINDS, corruptSuffix } from '../rewriter/corrupt';
import { worldOptionsShape } from '../world/options';
import { worldFor } from './shared-world';

const corruptOptionsSchema = z.strictObject({
  ...worldOptionsShape,
  defect: z
    .enum(['any', ...ALL_CORRUPTION_KINDS])
    .default('any')
    .describe("what to inject: a false value, the person's myth, an unsafe sentence, low-quality edits, or any of the three but myth that applies"),
});
type CorruptOptions = z.output<typeof corruptOptionsSchema>;

/**
 * testbed.corrupt: the reverse of the oracle, for known-reward tasks (`data tasks.judge`,
 * `data tasks.rewrite`): a corrupted copy of the suffix, as long as the original, whose defect
 * the testbed's own analysis confirms; a suffix it cannot corrupt that way is a refusal (ok: false).
 */
export const corruptPlugin = definePlugin<Rewriter, CorruptOptions>({
  manifest: {
    name: 'testbed.corrupt',
    kind: 'rewriter',
    version: '0.1.0',
    description: "corrupts a suffix for judge-training tasks: a false value, the person's myth, an unsafe sentence or low-quality edits, confirmed by the testbed analysis",
    options: corruptOptionsSchema,
  },
  create(options, ctx) {
    const { defect, ...worldOptions } = options;
    const world = worldFor(ctx, worldOptions, 'testbed.corrupt');
    return {
      name: 'testbed.corrupt',
      version: `${TESTBED_RULES_VERSION}/corrupt-1`,
      async rewrite(input, call) {
        try {
          const r = corruptSuffix(world, { prefix: input.prefix, suffix: input.suffix, person: personHint(input.meta) }, defect, call?.seed ?? 0);
          return r.ok ? { ok: true, text: r.text } : { ok: false, reason: r.reason };
        } catch (error) {
          return { ok: false, reason: `testbed.corrupt failed: ${error instanceof Error ? error.message : String(error)}` };
        }
      },
    };
  },
});
