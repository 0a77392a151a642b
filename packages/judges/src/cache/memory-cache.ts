import type { CachedJudgment, JudgmentCache } from '@spt/core';

/** An in-process judgment cache (a Map, bounded; oldest entries leave first). */
export function createMemoryJudgmentCache(maxEntries = 1_000_000): JudgmentCache & { size(): number } {
  const map = new Map<string, CachedJudgment>();
  return {
    async get(key) {
      return map.get(key);
    },
    async set(key, value) {
      if (!value.ok) return;
      const { usage: _usage, ...rest } = value;
      map.delete(key);
      map.set(key, rest as CachedJudgment);
      if (map.size > maxEntries) map.delete(map.keys().next().value as string);
    },
    size: () => map.size,
  };
}
