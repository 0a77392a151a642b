import { createMemoryJudgmentCache, definePlugin, type JudgmentCache } from '@spt/core';
import { z } from 'zod';
import { resolveRecipePath } from '@spt/llm';

const sqliteOptions = z.strictObject({
  /** The cache file; relative paths start at the recipe folder. Shared across runs on purpose. */
  path: z.string().min(1),
});

/** `sqlite`: persistent judgment cache in one SQLite file (better-sqlite3, loaded when created). */
export const sqliteCachePlugin = definePlugin<JudgmentCache, z.infer<typeof sqliteOptions>>({
  manifest: {
    name: 'sqlite',
    kind: 'cache',
    version: '1.0.0',
    description: 'persistent judgment cache in a SQLite file: a repeated or resumed run pays for nothing twice',
    options: sqliteOptions,
  },
  async create(options, ctx) {
    const { openSqliteJudgmentCache } = await import('./sqlite-cache');
    return openSqliteJudgmentCache(resolveRecipePath(options.path, ctx));
  },
});

const memoryOptions = z.strictObject({ max_entries: z.number().int().positive().default(1_000_000) });

/** `memory`: judgment cache for the life of the process. */
export const memoryCachePlugin = definePlugin<JudgmentCache, z.infer<typeof memoryOptions>>({
  manifest: {
    name: 'memory',
    kind: 'cache',
    version: '1.0.0',
    description: 'in-process judgment cache (bounded)',
    options: memoryOptions,
  },
  create: (options) => createMemoryJudgmentCache(options.max_entries),
});
