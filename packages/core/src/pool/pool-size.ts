import type { CandidatesConfig } from '../spec/run-config';

/** The most candidates a pool of these sources can hold (a plugin source counted once). Pure. */
export function maxPoolSize(c: CandidatesConfig): number {
  return (c.original ? 1 : 0) + (c.rewrite ? 1 : 0) + (c.rollouts?.n ?? 0) + Object.keys(c.extra ?? {}).length;
}

/** The sources a pool of this config produces, as candidates are tagged (rollouts only when n > 0). Pure. */
export function poolSourceNames(c: CandidatesConfig): string[] {
  return [c.original ? 'original' : '', c.rewrite ? 'rewrite' : '', c.rollouts && c.rollouts.n > 0 ? 'rollout' : '', ...Object.keys(c.extra ?? {})].filter(Boolean);
}
