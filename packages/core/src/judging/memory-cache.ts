import type { CachedJudgment, JudgmentCache } from '../spec/judgment-cache';

/**
 * In-memory JudgmentCache (the run's lifetime). Abstentions are refused, so a judgment that failed
 * is asked again next time. `maxEntries` bounds memory by evicting the oldest entries.
 */
export function createMemoryJudgmentCache(maxEntries = 1_000_000): JudgmentCache & { readonly size: number } {
  const map = new Map<string, CachedJudgment>();
  return {
    get size() {
      return map.size;
    },
    async get(key) {
      return map.get(key);
    },
    async set(key, value) {
      if (!value.ok) return;
      if (map.size >= maxEntries) map.delete(map.keys().next().value as string);
      map.set(key, value);
    },
  };
}
