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

/** First 128 bits of the sha256 of a string, in hex (32 chars: short keys, no practical collisions). */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * Cache key of one judgment: the judge's identity (plugin name, declared version and a hash of its
 * options, e.g. the model), the mode, a hash of what every judgment of the pool shares (prefix,
 * reference, meta), hashes of the candidate text(s) in the order shown, the sample index and seed.
 * Built from precomputed hashes, so a key costs a string join, not a hash of the whole prompt.
 */
export function judgmentKey(parts: {
  judgeId: string;
  /** `rewrite` keys a rewriter's output the same way (the rewriter's identity, prefix/meta, suffix). */
  mode: 'pairwise' | 'pointwise' | 'rewrite';
  context: string;
  texts: readonly string[];
  sample: number;
  seed: number;
}): string {
  return `${parts.judgeId}|${parts.mode}|${parts.context}|${parts.texts.join('|')}|${parts.sample}|${parts.seed}`;
}

/** The identity part of judgment keys: `plugin@version#hash(options)`. */
export function judgeIdentity(plugin: string, version: string, options: unknown): string {
  return `${plugin}@${version}#${hashValue(options).slice(0, 16)}`;
}
