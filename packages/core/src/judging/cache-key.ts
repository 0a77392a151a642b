import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal values always give equal strings. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/** Hex sha256 of a value's stable JSON. */
export function hashValue(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex');
}

/**
 * Cache key of one judgment: the judge (plugin name, its options, e.g. the model, and its
 * declared version), the mode, everything it is shown, the sample index and the call's seed.
 */
export function judgmentKey(parts: {
  judge: string;
  options: unknown;
  version: string;
  mode: 'pairwise' | 'pointwise';
  input: unknown;
  sample: number;
  seed: number;
}): string {
  return `${parts.judge}@${parts.version}:${hashValue(parts)}`;
}
