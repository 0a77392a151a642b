import type { CandidatesConfig } from '../spec/run-config';

/** The most candidates a pool of these sources can hold (a plugin source counted once). Pure. */
export function maxPoolSize(c: CandidatesConfig): number {
  return (c.original ? 1 : 0) + (c.rewrite ? 1 : 0) + (c.rollouts?.n ?? 0) + Object.keys(c.extra ?? {}).length;
}
