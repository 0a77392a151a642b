import { SptError } from '../errors';
import { BACKEND_SPEC_VERSION, positionsNeeded, type PolicyBackend } from '../spec/policy-backend';
import type { PhaseConfig, RunConfig } from '../spec/run-config';
import { canonicalSource } from '../pool/curriculum';
import { maxPoolSize, poolSourceNames } from '../pool/pool-size';
import { pairingName, pivotOf, usesBrackets } from '../judging/knockout';
import { BUILTIN_UPDATE_KIND } from '../objectives/builtin-objectives';

const where = (config: RunConfig) => (config.source?.file ? ` (${config.source.file})` : '');


/** Every phase of the run: the shared ones, then each arm's. */
export function allPhases(config: RunConfig): Array<{ phase: PhaseConfig; arm?: string }> {
  return [
    ...config.phases.map((phase) => ({ phase })),
    ...config.arms.flatMap((arm) => arm.phases.map((phase) => ({ phase, arm: arm.name }))),
  ];
}

/** Checks of a RunConfig that need no plugin (shape the DSL cannot see, or hand-written configs). */
export function validateRunConfig(config: RunConfig, judgeAspects: readonly string[], rewardAspects: readonly string[]): void {
  const fail = (what: string, expected: string, got: string, fix: string) => {
    throw new SptError({ code: 'config.invalid', what: `${what}${where(config)}`, expected, got, fix });
  };
  if (config.phases.length === 0 && config.arms.length === 0) fail('the run has no phase', 'at least one phase', 'none', 'add a phase (a recipe with one objective has one phase "main")');
  for (const missing of rewardAspects.filter((a) => !judgeAspects.includes(a))) {
    fail(`the reward reads aspect "${missing}" but no judge scores it`, `one of: ${judgeAspects.join(', ') || '(no judge)'}`, missing, `add \`judge ${missing} ...\` or remove it from the reward`);
  }
  const w = config.window;
  if (!(w.k >= 1 && w.prefixMin >= 1 && w.prefixMax >= w.prefixMin && w.perDocument >= 1)) {
    fail('window: invalid sizes', 'k >= 1, 1 <= prefix_min <= prefix_max, per_document >= 1', `k ${w.k}, prefix ${w.prefixMin}..${w.prefixMax}, per_document ${w.perDocument}`, 'correct the window block');
  }
  if (config.train.batch < 1) fail('train.batch must be at least 1', '>= 1', String(config.train.batch), 'set a positive batch');
  const names = new Set<string>();
  for (const { phase, arm } of allPhases(config)) {
    const id = arm ? `${arm}/${phase.name}` : phase.name;
    if (names.has(id)) fail(`phase "${id}" is defined twice`, 'unique phase names', id, 'rename one phase');
    names.add(id);
    if (!(phase.steps >= 1)) fail(`phase "${id}" has no steps`, 'steps >= 1', String(phase.steps), 'give the phase a step count');
    const cands = phase.candidates ?? config.candidates;
    const sources = poolSourceNames(cands);
    const obj = phase.objective;
    if (obj.kind === 'sft' && !sources.includes(canonicalSource(obj.source))) {
      fail(`phase "${id}": sft on source "${obj.source}" which the pool does not produce`, `one of: ${sources.join(', ')}`, obj.source, 'add that source to the candidates or choose another');
    }
    if ((obj.kind === 'online_dpo' || obj.kind === 'rf_nll' || obj.kind === 'grpo') && judgeAspects.length === 0) {
      fail(`phase "${id}": ${obj.kind} needs judges`, 'at least one judge', 'none', 'add a judge, or use objective ntp / sft');
    }
    for (const j of config.judges) {
      const pivot = pivotOf(j.pairing);
      if (usesBrackets(j.pairing) && maxPoolSize(cands) < 2) {
        fail(`judge ${j.aspect}: pairing ${pairingName(j.pairing)} needs pools of 2 or more candidates; phase "${id}" has at most ${maxPoolSize(cands)}`, 'at least 2 candidates per pool', String(maxPoolSize(cands)), 'add candidate sources (e.g. rollouts 4), or use pairing: all');
      }
      if (pivot !== undefined && !sources.includes(canonicalSource(pivot))) {
        fail(`judge ${j.aspect}: pivot source "${pivot}" is not in the pool of phase "${id}"`, `one of: ${sources.join(', ')}`, pivot, 'pivot on a source the pool has (usually original)');
      }
    }
  }
}

/** Checks that need the created backend: contract version, context length, update kinds. */
export function validateBackend(config: RunConfig, backend: PolicyBackend): void {
  if (backend.specVersion !== BACKEND_SPEC_VERSION) {
    throw new SptError({
      code: 'backend.version',
      what: `policy backend "${config.policy.plugin}" implements ${String(backend.specVersion)}`,
      expected: BACKEND_SPEC_VERSION,
      got: String(backend.specVersion),
      fix: 'use a backend built for this version of @spt/core',
    });
  }
  // A window of prefix + k tokens is generated and scored: it needs prefix + k - 1 positions.
  const tokens = config.window.prefixMax + config.window.k;
  const max = backend.capabilities.maxContext;
  if (positionsNeeded(tokens) > max) {
    throw new SptError({
      code: 'config.window',
      what: `window: prefix_max (${config.window.prefixMax}) + k (${config.window.k}) exceeds the model context${where(config)}`,
      expected: `prefix_max + k at most ${max + 1} tokens (${max} positions: the last token is only predicted)`,
      got: `${tokens} tokens`,
      fix: `lower prefix_max or k so that prefix_max + k <= ${max + 1}, or use a model with a longer context`,
    });
  }
  for (const { phase, arm } of allPhases(config)) {
    // A plugin objective states its update kinds when it is created (createPluginObjective checks them).
    if (phase.objective.kind === 'plugin') continue;
    const kind = BUILTIN_UPDATE_KIND[phase.objective.kind];
    if (!backend.capabilities.updates.includes(kind)) {
      throw new SptError({
        code: 'backend.capability',
        what: `phase "${arm ? `${arm}/` : ''}${phase.name}": objective ${phase.objective.kind} needs "${kind}" updates, which ${backend.name} does not implement`,
        expected: `one of the backend's updates: ${backend.capabilities.updates.join(', ')}`,
        got: kind,
        fix: 'choose another objective or backend',
      });
    }
    const o = phase.objective;
    const anchored = o.kind === 'online_dpo' && ((o.ntpAlpha ?? 0) > 0 || (phase.curriculum ?? config.curriculum)?.params.ntp_alpha !== undefined);
    if (anchored && !backend.capabilities.dpoAnchor) {
      throw new SptError({
        code: 'backend.capability',
        what: `phase "${arm ? `${arm}/` : ''}${phase.name}": online_dpo with ntp_alpha needs an NTP anchor inside dpo updates, which ${backend.name} does not implement`,
        expected: 'a backend whose capabilities include dpoAnchor (tfjs.gpt, torch.llama and torch.hf do)',
        got: `ntp_alpha ${o.kind === 'online_dpo' ? (o.ntpAlpha ?? 'scheduled') : ''}`.trim(),
        fix: 'remove ntp_alpha from the objective (and the curriculum), or use a backend that supports it',
      });
    }
  }
}
