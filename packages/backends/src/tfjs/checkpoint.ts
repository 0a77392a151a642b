/**
 * Checkpoint files of the tfjs backend, written atomically: data files go to temporary names,
 * are fsynced and renamed, and `state.json` (with their sha256) is written last the same way.
 * A folder without a verifying state.json is never read as a checkpoint.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { SptError } from '@spt/core';

export const STATE_FILE = 'state.json';
export const STATE_FORMAT = 'spt.tfjs-gpt/1';

export interface CheckpointState {
  format: typeof STATE_FORMAT;
  /** sha256 of each data file. */
  files: Record<string, string>;
  [key: string]: unknown;
}

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

async function writeDurable(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

/** Writes `files` then the state (with checksums) into `dir`. */
export async function writeCheckpoint(dir: string, files: Record<string, Buffer>, state: Omit<CheckpointState, 'format' | 'files'>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await rm(path.join(dir, STATE_FILE), { force: true });
  const sums: Record<string, string> = {};
  for (const [name, buf] of Object.entries(files)) {
    await writeDurable(path.join(dir, name), buf);
    sums[name] = sha256(buf);
  }
  const full: CheckpointState = { ...state, format: STATE_FORMAT, files: sums };
  await writeDurable(path.join(dir, STATE_FILE), `${JSON.stringify(full, null, 2)}\n`);
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** Reads and verifies a checkpoint; `file(name)` returns a verified data file. */
export async function readCheckpoint(dir: string): Promise<{ state: CheckpointState; file(name: string): Promise<Buffer> }> {
  const stateFile = path.join(dir, STATE_FILE);
  if (!existsSync(stateFile)) {
    throw new SptError({
      code: 'checkpoint.missing',
      what: `no tfjs.gpt checkpoint in ${dir} (${STATE_FILE} is missing)`,
      expected: `a folder written by the tfjs backend's save(), with ${STATE_FILE}`,
      got: existsSync(dir) ? 'a folder without state.json (an interrupted save?)' : 'no such folder',
      fix: 'point at a complete checkpoint folder (the policy folder inside a run checkpoint)',
    });
  }
  let state: CheckpointState;
  try {
    state = JSON.parse(await readFile(stateFile, 'utf8')) as CheckpointState;
  } catch (cause) {
    throw new SptError({ code: 'checkpoint.corrupt', what: `${stateFile} is not valid JSON`, fix: 'use another checkpoint', cause });
  }
  if (state.format !== STATE_FORMAT) {
    throw new SptError({ code: 'checkpoint.corrupt', what: `${stateFile} has an unknown format`, expected: STATE_FORMAT, got: String(state.format), fix: 'load it with the spt version that wrote it' });
  }
  return {
    state,
    async file(name) {
      const file = path.join(dir, name);
      const buf = await readFile(file).catch((cause) => {
        throw new SptError({ code: 'checkpoint.corrupt', what: `checkpoint file ${file} is missing`, fix: 'use another checkpoint', cause });
      });
      if (state.files[name] !== sha256(buf)) {
        throw new SptError({ code: 'checkpoint.corrupt', what: `checkpoint file ${file} does not match its checksum in ${STATE_FILE}`, expected: state.files[name], got: sha256(buf), fix: 'the file was changed or truncated: use another checkpoint' });
      }
      return buf;
    },
  };
}
