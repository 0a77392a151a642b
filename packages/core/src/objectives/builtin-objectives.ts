import { z } from 'zod';
import { definePlugin, type PluginDefinition } from '../spec/plugin';
import type { ObjectivePlugin } from '../spec/objective';
import type { UpdateBatch } from '../spec/policy-backend';
import type { PluginRef } from '../spec/run-config';
import { createObjective, type BuiltinObjectiveConfig } from './create-objective';

/**
 * The core's objectives as plugins of kind `objective`, created through the registry exactly as a
 * third-party objective is. Recipes keep their typed forms (`objective online_dpo { beta: 0.1 }`);
 * `objectiveRef` turns the config into the plugin reference and the options back into the config.
 */
const reference = z.union([z.literal('frozen'), z.strictObject({ sync_every: z.number().int().min(1) })]);
const schemas = {
  online_dpo: z.strictObject({
    beta: z.number().positive().default(0.1),
    reference: reference.default('frozen'),
    nll_alpha: z.number().min(0).default(0),
    ntp_alpha: z.number().min(0).optional(),
    pairs_per_pool: z.number().int().min(1).optional(),
    min_gap: z.number().min(0).optional(),
    ties: z.literal('skip').default('skip'),
  }),
  grpo: z.strictObject({ clip: z.number().positive().default(0.2), kl_beta: z.number().min(0).default(0), variant: z.enum(['grpo', 'dr_grpo']).default('grpo') }),
  rf_nll: z.strictObject({}),
  ntp: z.strictObject({}),
  sft: z.strictObject({ source: z.string().min(1) }),
} as const;
type Name = keyof typeof schemas;

const descriptions: Record<Name, string> = {
  online_dpo: 'online DPO on the best and worst judged candidates (the paper), optional NLL and NTP anchors',
  grpo: 'GRPO / Dr. GRPO on the rollouts with group-relative advantages',
  rf_nll: 'reward-filtered NLL: next-token loss on the best judged candidate',
  ntp: 'plain next-token prediction on the documents (pretraining, the baseline)',
  sft: 'next-token loss on one source\'s candidate, judged or not',
};
/** The update kind each built-in objective builds (validate-run checks it against the backend up front). */
export const BUILTIN_UPDATE_KIND: Record<Name, UpdateBatch['kind']> = { online_dpo: 'dpo', grpo: 'grpo', rf_nll: 'nll', ntp: 'ntp', sft: 'nll' };

/** The config of a built-in objective from its plugin options. */
function configOf(name: Name, o: Record<string, unknown>): BuiltinObjectiveConfig {
  switch (name) {
    case 'online_dpo': {
      const ref = o.reference as z.output<typeof reference>;
      return {
        kind: 'online_dpo',
        beta: o.beta as number,
        reference: ref === 'frozen' ? { kind: 'frozen' } : { kind: 'sync', every: ref.sync_every },
        nllAlpha: o.nll_alpha as number,
        ties: 'skip',
        ...(o.ntp_alpha !== undefined ? { ntpAlpha: o.ntp_alpha as number } : {}),
        ...(o.pairs_per_pool !== undefined ? { pairsPerPool: o.pairs_per_pool as number } : {}),
        ...(o.min_gap !== undefined ? { minGap: o.min_gap as number } : {}),
      };
    }
    case 'grpo':
      return { kind: 'grpo', clip: o.clip as number, klBeta: o.kl_beta as number, variant: o.variant as 'grpo' | 'dr_grpo' };
    case 'sft':
      return { kind: 'sft', source: o.source as string };
    default:
      return { kind: name };
  }
}

/** The plugin reference of a built-in objective config (the inverse of configOf). */
export function objectiveRef(c: BuiltinObjectiveConfig): PluginRef {
  switch (c.kind) {
    case 'online_dpo':
      return {
        plugin: 'online_dpo',
        options: {
          beta: c.beta,
          reference: c.reference.kind === 'frozen' ? 'frozen' : { sync_every: c.reference.every },
          nll_alpha: c.nllAlpha,
          ties: c.ties,
          ...(c.ntpAlpha !== undefined ? { ntp_alpha: c.ntpAlpha } : {}),
          ...(c.pairsPerPool !== undefined ? { pairs_per_pool: c.pairsPerPool } : {}),
          ...(c.minGap !== undefined ? { min_gap: c.minGap } : {}),
        },
      };
    case 'grpo':
      return { plugin: 'grpo', options: { clip: c.clip, kl_beta: c.klBeta, variant: c.variant } };
    case 'sft':
      return { plugin: 'sft', options: { source: c.source } };
    default:
      return { plugin: c.kind, options: {} };
  }
}

function builtin(name: Name): PluginDefinition<ObjectivePlugin> {
  return definePlugin<ObjectivePlugin, Record<string, unknown>>({
    manifest: { name, kind: 'objective', version: '0.1.0', description: descriptions[name], options: schemas[name] as z.ZodType<Record<string, unknown>> },
    create: (o, ctx) => {
      const config = configOf(name, o);
      // Static facts (pool, judging, sources) do not depend on the step; `run` builds with the step's schedule.
      const shape = createObjective(config, ctx.seed);
      return {
        name: shape.name,
        needsPool: shape.needsPool,
        needsJudging: shape.needsJudging,
        ...(shape.onlySources ? { onlySources: shape.onlySources } : {}),
        updates: [BUILTIN_UPDATE_KIND[name]],
        usesReference: name === 'online_dpo' || name === 'grpo',
        run: (input, step) => createObjective(config, step.seed, (p) => step.scheduled(p), () => step.phaseStep, step.k).run(input),
      };
    },
  });
}

export const builtinObjectives = (Object.keys(schemas) as Name[]).map(builtin);
