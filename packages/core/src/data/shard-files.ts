import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { SptError } from '../errors';

/**
 * Expands paths and glob patterns (relative to `baseDir`) into a sorted list of files, the shard
 * order of a corpus. A plain directory means every file in it.
 */
export async function listShards(patterns: string | readonly string[], baseDir: string, plugin: string): Promise<string[]> {
  const list = typeof patterns === 'string' ? [patterns] : [...patterns];
  const files = new Set<string>();
  for (const p of list) {
    const abs = path.resolve(baseDir, p);
    const info = await stat(abs).catch(() => undefined);
    if (info?.isFile()) {
      files.add(abs);
      continue;
    }
    const pattern = info?.isDirectory() ? path.join(abs, '**/*') : abs;
    for (const f of await glob(pattern.split(path.sep).join('/'), { absolute: true, onlyFiles: true })) files.add(path.normalize(f));
  }
  if (files.size === 0) {
    throw new SptError({
      code: 'data.no-files',
      what: `data ${plugin}: no file matches ${list.map((p) => JSON.stringify(p)).join(', ')} (from ${baseDir})`,
      expected: 'a file, a folder or a glob pattern such as "shards/*.jsonl.gz" matching at least one file',
      got: 'no match',
      fix: 'check the path; relative paths are resolved from the recipe folder',
    });
  }
  return [...files].sort();
}
