import { createRegistry, definePlugin, scheduledOption, definePluginPackage, type PluginKind, type PluginRegistry } from '@spt/core';
import { z } from 'zod';

const plugin = (kind: PluginKind, name: string, options: z.ZodType, modes?: Array<'pairwise' | 'pointwise'>) =>
  definePlugin({
    manifest: { name, kind, version: '1.0.0', description: `test ${kind}`, options, ...(modes ? { judge: { modes } } : {}) },
    create: () => ({ name }),
  });

/** Small manifests for the DSL tests: one or two plugins of each kind a recipe names. */
export const toyPackage = definePluginPackage({
  name: 'toy',
  version: '1.0.0',
  plugins: [
    plugin('data', 'toy.data', z.strictObject({ docs: z.number().int().min(1).default(10), path: z.string().optional() })),
    plugin(
      'policy',
      'toy.gpt',
      z.strictObject({
        layers: z.number().int().min(1).default(2),
        context: z.number().int().min(8).default(256),
        dropout: z.number().min(0).max(1).default(0),
      }),
    ),
    plugin('judge', 'toy.quality', z.strictObject({ strict: z.boolean().default(false) }), ['pairwise']),
    plugin(
      'judge',
      'toy.safety',
      z.strictObject({
        model: z.string().default('small'),
        api_key: z.string().optional(),
        timeout: z.number().optional(),
        samples: z.number().int().optional(),
      }),
      ['pointwise'],
    ),
    plugin('judge', 'toy.factuality', z.strictObject({}), ['pointwise', 'pairwise']),
    plugin('rewriter', 'toy.rewriter', z.strictObject({ model: z.string().optional(), api_key: z.string().optional() })),
    plugin('source', 'toy.retrieval', z.strictObject({ k: z.number().int().min(1).default(1) })),
    plugin('metrics', 'toy.metrics', z.strictObject({ dir: z.string().optional() })),
    plugin('curriculum', 'toy.warmup', z.strictObject({ steps: z.number().int().min(0) })),
    plugin('observer', 'toy.notify', z.strictObject({ every: z.number().int().min(1).default(1) })),
    plugin('objective', 'toy.best_vs_original', z.strictObject({ beta: z.number().positive().default(0.1) })),
    plugin('reward', 'toy.length', z.strictObject({ per_token: scheduledOption, target: z.number().int().min(0).default(0) })),
    plugin('eval', 'toy.eval', z.strictObject({ sets: z.array(z.string()).optional() })),
  ],
});

/** A registry over the toy package. */
export function toyRegistry(): PluginRegistry {
  return createRegistry([toyPackage]);
}

/** A complete, valid recipe over the toy plugins; tests edit it to provoke one problem at a time. */
export const BASE_RECIPE = `recipe toy {
  data toy.data { docs: 20 }
  policy toy.gpt { layers: 2, context: 256 }
  window { k: 32, prefix: 16..128 }
  candidates { original; rewrite toy.rewriter; rollouts 4 { temperature: 1.0, top_p: 0.95 } }
  judge quality toy.quality pairwise
  judge safety toy.safety
  reward = quality + safety
  curriculum { rollouts: linear(0 -> 1, steps 0..100) }
  objective online_dpo { beta: 0.1, reference: frozen }
  train { steps: 200, batch: 8, lr: 3e-4 cosine warmup 10, seed: 7 }
  eval every 100 { prefixes: 64 }
  checkpoint every 50 { keep: 2 }
}
`;
