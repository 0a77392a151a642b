import type { CachedJudgment, JudgmentCache } from '../spec/judgment-cache';

/**
 * In-memory JudgmentCache (the run's lifetime), the one behind `judging { cache: memory }` and the
 * `memory` cache plugin. Abstentions are refused, so a judgment that failed is asked again next
 * time; usage is dropped (a hit costs nothing). `maxEntries` bounds memory by evicting the entry
 * written longest ago.
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
      const { usage: _usage, ...kept } = value as CachedJudgment & { usage?: unknown };
      map.delete(key);
      if (map.size >= maxEntries) map.delete(map.keys().next().value as string);
      map.set(key, kept as CachedJudgment);
    },
  };
}
