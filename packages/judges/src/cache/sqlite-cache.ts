import fs from 'node:fs';
import path from 'node:path';
import { SptError, type CachedJudgment, type JudgmentCache } from '@spt/core';

/** A persistent cache, plus how many entries it holds. */
export interface SqliteJudgmentCache extends JudgmentCache {
  size(): number;
  close(): Promise<void>;
}

/**
 * A judgment cache in one SQLite file (WAL mode, so several runs or processes may share it).
 * Values are stored as JSON; abstentions are never stored; usage is dropped (a hit costs nothing).
 */
export async function openSqliteJudgmentCache(file: string): Promise<SqliteJudgmentCache> {
  const { default: Database } = await import('better-sqlite3');
  let db: import('better-sqlite3').Database;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE TABLE IF NOT EXISTS judgments (key TEXT PRIMARY KEY, value TEXT NOT NULL, created INTEGER NOT NULL) WITHOUT ROWID');
  } catch (cause) {
    throw new SptError({
      code: 'cache.open',
      what: `judgment cache ${file} cannot be opened`,
      expected: 'a writable SQLite file (or a path where one can be created)',
      got: (cause as Error).message,
      fix: 'point the cache at a writable location, or delete a corrupt cache file (it only saves cost)',
      cause,
    });
  }
  const getStmt = db.prepare<[string], { value: string }>('SELECT value FROM judgments WHERE key = ?');
  const setStmt = db.prepare('INSERT OR REPLACE INTO judgments (key, value, created) VALUES (?, ?, ?)');
  const countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM judgments');
  return {
    async get(key) {
      const row = getStmt.get(key);
      return row ? (JSON.parse(row.value) as CachedJudgment) : undefined;
    },
    async set(key, value) {
      if (!value.ok) return;
      const { usage: _usage, ...rest } = value;
      setStmt.run(key, JSON.stringify(rest), Date.now());
    },
    size: () => countStmt.get()?.n ?? 0,
    async close() {
      if (db.open) db.close();
    },
  };
}
