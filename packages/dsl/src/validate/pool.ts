import type { CandidatesConfig, ObjectiveConfig, PhaseConfig, RunConfig } from '@spt/core';

/** Source names of a pool, as the core tags candidates. */
export function poolSources(c: CandidatesConfig): string[] {
  const out: string[] = [];
  if (c.original) out.push('original');
  if (c.rewrite) out.push('rewrite');
  if (c.rollouts) out.push('rollout');
  out.push(...Object.keys(c.extra ?? {}));
  return out;
}

/** Candidates per prefix (an extra source counts as one). */
export function poolSize(c: CandidatesConfig): number {
  return (c.original ? 1 : 0) + (c.rewrite ? 1 : 0) + (c.rollouts?.n ?? 0) + Object.keys(c.extra ?? {}).length;
}

/** True for objectives that learn from a judged (or at least generated) candidate pool. */
export function needsPool(o: ObjectiveConfig): boolean {
  return o.kind !== 'ntp';
}

/** True for objectives that rank candidates by reward (a plugin objective's needs are checked when it is created). */
export function needsJudges(o: ObjectiveConfig): boolean {
  return o.kind === 'online_dpo' || o.kind === 'rf_nll' || o.kind === 'grpo';
}

export interface PhaseAt {
  phase: PhaseConfig;
  /** Config path of the phase: `phases.0`, `arms.1.phases.0`. */
  path: string;
  /** Where the phase runs, for messages: `phase "main"`, `arm "sip", phase "sip"`. */
  label: string;
}

/** Every phase of the run, shared ones first, then each arm's. */
export function allPhases(config: RunConfig): PhaseAt[] {
  const out: PhaseAt[] = config.phases.map((phase, i) => ({ phase, path: `phases.${i}`, label: `phase "${phase.name}"` }));
  config.arms.forEach((arm, a) =>
    arm.phases.forEach((phase, i) =>
      out.push({
        phase,
        path: `arms.${a}.phases.${i}`,
        label: arm.phases.length === 1 && phase.name === arm.name ? `arm "${arm.name}"` : `arm "${arm.name}", phase "${phase.name}"`,
      }),
    ),
  );
  return out;
}
