import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckpointInfo, CheckpointStore, RunState } from '../spec/checkpoint-store';
import { fsyncPath, listFiles, MANIFEST, sha256File, verifyCheckpoint, type CheckpointManifest } from './manifest';

export interface FsCheckpointStoreOptions {
  /** Folder holding one sub-folder per checkpoint. */
  dir: string;
  /** Periodic checkpoints (names starting `step-`) kept; older ones are deleted. 0 keeps all. */
  keep: number;
  /** Reports a corrupt or partial checkpoint that was skipped. */
  warn: (code: string, message: string) => void;
}

export const STATE_FILE = 'state.json';

/**
 * Atomic checkpoints on the file system. `save` writes into `.tmp-<name>-<random>`, writes
 * state.json, checksums every file into manifest.json, fsyncs files and folders, then renames the
 * folder into place (replacing an older one of the same name). A crash leaves either the old
 * checkpoint or the new one, plus a `.tmp-*` folder that is ignored and cleaned up later.
 * `latest` verifies checksums and falls back to the previous good checkpoint with a warning.
 */
export function createFsCheckpointStore(options: FsCheckpointStoreOptions): CheckpointStore {
  const { dir } = options;
  const infos = async (): Promise<Array<CheckpointInfo & { manifest?: CheckpointManifest }>> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const out: Array<CheckpointInfo & { manifest?: CheckpointManifest }> = [];
    for (const e of entries) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      const manifest = await readFile(path.join(full, MANIFEST), 'utf8')
        .then((t) => JSON.parse(t) as CheckpointManifest)
        .catch(() => undefined);
      // A partial checkpoint has no manifest: order it by its name so `latest` notices and reports it.
      const named = /^step-(\d+)$/.exec(e.name);
      const step = manifest?.step ?? (named ? Number(named[1]) : -1);
      out.push({ name: e.name, dir: full, step, time: manifest?.time ?? 0, manifest });
    }
    return out.sort((a, b) => b.step - a.step || b.time - a.time || (a.name < b.name ? 1 : -1));
  };

  return {
    async save(name, state, write) {
      await mkdir(dir, { recursive: true });
      const tmp = path.join(dir, `.tmp-${name}-${randomBytes(4).toString('hex')}`);
      await mkdir(tmp, { recursive: true });
      await write(tmp);
      await writeFile(path.join(tmp, STATE_FILE), JSON.stringify(state));
      const files: CheckpointManifest['files'] = {};
      for (const rel of await listFiles(tmp)) {
        files[rel] = await sha256File(path.join(tmp, rel));
        await fsyncPath(path.join(tmp, rel));
      }
      const time = Date.now();
      const manifest: CheckpointManifest = { format: 'spt.checkpoint/1', name, step: state.step, time, files };
      await writeFile(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 1));
      await fsyncPath(path.join(tmp, MANIFEST));
      for (const sub of new Set(Object.keys(files).map((f) => path.dirname(f)))) await fsyncPath(path.join(tmp, sub));
      await fsyncPath(tmp);
      const final = path.join(dir, name);
      const old = path.join(dir, `.old-${name}-${randomBytes(4).toString('hex')}`);
      const replaced = await rename(final, old).then(
        () => true,
        () => false,
      );
      await rename(tmp, final);
      await fsyncPath(dir);
      if (replaced) await rm(old, { recursive: true, force: true });
      await prune();
      return { name, dir: final, step: state.step, time };
    },

    async latest() {
      for (const info of await infos()) {
        const { problem } = await verifyCheckpoint(info.dir);
        if (problem) {
          options.warn(
            'checkpoint.corrupt',
            `checkpoint ${info.dir} is corrupt or partial (${problem}); falling back to the previous good checkpoint`,
          );
          continue;
        }
        const state = JSON.parse(await readFile(path.join(info.dir, STATE_FILE), 'utf8')) as RunState;
        return { info: { name: info.name, dir: info.dir, step: info.step, time: info.time }, state };
      }
      return undefined;
    },

    async list() {
      return (await infos()).filter((i) => i.manifest).map(({ name, dir: d, step, time }) => ({ name, dir: d, step, time }));
    },
  };

  async function prune(): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.isDirectory() && (e.name.startsWith('.tmp-') || e.name.startsWith('.old-'))) {
        // Leftovers of an interrupted save; ours was renamed already.
        await rm(path.join(dir, e.name), { recursive: true, force: true });
      }
    }
    if (options.keep <= 0) return;
    const periodic = (await infos()).filter((i) => i.name.startsWith('step-'));
    for (const stale of periodic.slice(options.keep)) await rm(stale.dir, { recursive: true, force: true });
  }
}
