import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level and `undefined` fields dropped: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** Hex SHA-256 of a UTF-8 string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The first `length` hex digits of SHA-256: short, stable identifiers for prompts and configs. */
export function shortHash(text: string, length = 12): string {
  return sha256(text).slice(0, length);
}

/**
 * A fast, non-cryptographic 64-bit hash (two FNV-1a lanes) as 16 hex digits: for per-call ids
 * where SHA-256 would cost more than the rest of the call.
 */
export function fastHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
