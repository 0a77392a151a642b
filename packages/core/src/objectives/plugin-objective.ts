import { SptError } from '../errors';
import type { PluginRegistry } from '../plugins/registry';
import type { PluginContext } from '../spec/plugin';
import type { BackendCapabilities } from '../spec/policy-backend';
import type { PluginRef } from '../spec/run-config';
import { canonicalSource } from '../pool/curriculum';
import { asObjective, type CoreObjective } from './core-objective';
import { BUILTIN_UPDATE_KIND } from './builtin-objectives';

const BUILTIN = new Set(Object.keys(BUILTIN_UPDATE_KIND));

export interface PluginObjectiveSetting {
  /** `<arm>/<phase>` or the phase name, for messages. */
  where: string;
  seed: number;
  k: number;
  scheduled: (parameter: string, phaseStep: number) => number | undefined;
  phaseStepOf: (globalStep: number) => number;
  /** What the phase can offer: judged aspects, pool sources and the backend's update kinds. */
  judges: readonly string[];
  sources: readonly string[];
  capabilities: BackendCapabilities;
}

/**
 * Creates an objective plugin through the registry and checks it against the phase before the
 * first step: the backend implements its update kinds, it has judges when it needs them, and the
 * sources it asks for are in the pool. Its output is checked on every step (one pick per pool).
 */
export async function createPluginObjective(registry: PluginRegistry, ref: PluginRef, ctx: PluginContext, s: PluginObjectiveSetting): Promise<CoreObjective> {
  const plugin = await registry.create('objective', ref, ctx);
  const fail = (what: string, expected: string, got: string, fix: string) => new SptError({ code: 'config.objective', what: `phase "${s.where}": objective ${ref.plugin} ${what}`, expected, got, fix });
  const missing = plugin.updates.filter((u) => !s.capabilities.updates.includes(u));
  if (missing.length) throw fail(`needs "${missing.join('", "')}" updates, which the policy backend does not implement`, `one of the backend's updates: ${s.capabilities.updates.join(', ')}`, missing.join(', '), 'choose another objective or backend');
  if (plugin.needsJudging && s.judges.length === 0) throw fail('ranks candidates by reward but the recipe has no judge', 'at least one judge', 'none', 'add a judge, or use an objective that needs none');
  const absent = (plugin.onlySources ?? []).filter((src) => !s.sources.includes(canonicalSource(src)));
  if (absent.length) throw fail(`trains on source "${absent[0]}", which the pool does not produce`, `one of: ${s.sources.join(', ')}`, absent[0], 'add that source to the candidates');
  return asObjective({
    name: plugin.name,
    kind: BUILTIN.has(ref.plugin) ? (ref.plugin as CoreObjective['kind']) : 'plugin',
    needsPool: plugin.needsPool,
    needsJudging: plugin.needsJudging,
    ...(plugin.onlySources ? { onlySources: plugin.onlySources.map(canonicalSource) } : {}),
    updates: plugin.updates,
    usesReference: plugin.usesReference ?? false,
    run: (input) => {
      const phaseStep = s.phaseStepOf(input.step);
      const out = plugin.run(input, { phaseStep, seed: s.seed, k: s.k, scheduled: (name) => s.scheduled(name, phaseStep) });
      if (!out || !Array.isArray(out.picks) || (input.pools.length > 0 && out.picks.length !== input.pools.length)) {
        throw new SptError({
          code: 'objective.contract',
          what: `objective ${ref.plugin} returned ${Array.isArray(out?.picks) ? `${out.picks.length} picks` : 'no picks'} for ${input.pools.length} pools`,
          expected: 'one pick per pool ({} when it took nothing), in order',
          got: String(out?.picks?.length ?? 'none'),
          fix: `fix the objective plugin "${ref.plugin}" (see ObjectivePlugin in @spt/core)`,
        });
      }
      if (out.batch && !plugin.updates.includes(out.batch.kind)) {
        throw new SptError({
          code: 'objective.contract',
          what: `objective ${ref.plugin} built a "${out.batch.kind}" batch but declares updates ${plugin.updates.join(', ')}`,
          expected: `a batch of kind ${plugin.updates.join(' or ')}`,
          got: out.batch.kind,
          fix: `list "${out.batch.kind}" in the plugin's updates`,
        });
      }
      return out;
    },
  });
}
