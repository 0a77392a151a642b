import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** manifest.json of a checkpoint folder: every other file with its size and sha256. */
export interface CheckpointManifest {
  format: 'spt.checkpoint/1';
  name: string;
  step: number;
  time: number;
  files: Record<string, { size: number; sha256: string }>;
}

export const MANIFEST = 'manifest.json';

/** Relative paths of every file under `dir` (sorted, '/' separators). */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

export async function sha256File(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

/** fsync a file or a folder (folders: so a rename inside it is durable). */
export async function fsyncPath(p: string): Promise<void> {
  const handle = await open(p, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Checks a checkpoint folder against its manifest. Returns undefined when it verifies, else the
 * first problem (missing manifest, missing file, size or checksum mismatch).
 */
export async function verifyCheckpoint(dir: string): Promise<{ manifest?: CheckpointManifest; problem?: string }> {
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as CheckpointManifest;
  } catch (e) {
    return { problem: `no readable ${MANIFEST} (${(e as Error).message.split('\n')[0]})` };
  }
  if (manifest.format !== 'spt.checkpoint/1' || typeof manifest.files !== 'object') {
    return { problem: `${MANIFEST} has an unknown format` };
  }
  for (const [rel, expected] of Object.entries(manifest.files)) {
    const got = await sha256File(path.join(dir, rel)).catch(() => undefined);
    if (!got) return { manifest, problem: `file ${rel} is missing` };
    if (got.size !== expected.size) return { manifest, problem: `file ${rel} has ${got.size} bytes, the manifest says ${expected.size}` };
    if (got.sha256 !== expected.sha256) return { manifest, problem: `file ${rel} fails its sha256 checksum` };
  }
  return { manifest };
}
