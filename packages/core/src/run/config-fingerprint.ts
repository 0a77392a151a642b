import { hashValue } from '../judging/cache-key';
import type { RunConfig } from '../spec/run-config';

/**
 * Settings that never change what is trained: where the recipe came from, the evaluation, extra
 * metrics sinks, observers, the checkpoint cadence and the pool log. They are left out of the fingerprint, so a run can be
 * resumed after changing them (e.g. `eval every 25` added to watch a long run).
 */
export const NOT_TRAINING = ['source', 'eval', 'metrics', 'observers', 'checkpoint', 'pools'] as const;

/** What a checkpoint records of its recipe, to refuse resuming it with another one. */
export interface ConfigFingerprint {
  /** Hash of everything that shapes training. */
  hash: string;
  /** Hash of each top-level setting in `hash`, to name what changed. */
  parts: Record<string, string>;
  /**
   * Hash of what the in-loop evaluation measures (suite, prefixes, prompt seed, ...; not its
   * cadence): when it changes between a run and its resume, the points before and after differ.
   */
  evalHash: string;
}

export function configFingerprint(config: RunConfig): ConfigFingerprint {
  const training = Object.fromEntries(
    Object.entries(config).filter(([key, value]) => value !== undefined && !(NOT_TRAINING as readonly string[]).includes(key)),
  );
  const parts = Object.fromEntries(Object.keys(training).sort().map((key) => [key, hashValue(training[key])]));
  return { hash: hashValue(training), parts, evalHash: hashValue(config.eval ? { ...config.eval, every: undefined } : null) };
}

/** Top-level settings whose hashes differ (or exist on one side only), sorted. */
export function changedSettings(now: Record<string, string>, then: Record<string, string>): string[] {
  return [...new Set([...Object.keys(now), ...Object.keys(then)])].filter((k) => now[k] !== then[k]).sort();
}
