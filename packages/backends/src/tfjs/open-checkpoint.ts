import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SptError } from '@spt/core';
import type { TfjsGptBackend } from './engine';
import { tfjsGptOptions } from './options';

const FORMAT = 'spt.tfjs-gpt/1';

function isTfjsSave(dir: string): boolean {
  const state = path.join(dir, 'state.json');
  if (!existsSync(state)) return false;
  try {
    return (JSON.parse(readFileSync(state, 'utf8')) as { format?: string }).format === FORMAT;
  } catch {
    return false;
  }
}

/**
 * The folder holding a tfjs.gpt save: `dir` itself or one of its direct subfolders (a run
 * checkpoint keeps the backend's files in a subfolder). Undefined when there is none.
 */
export function findTfjsCheckpoint(dir: string): string | undefined {
  if (isTfjsSave(dir)) return dir;
  if (!existsSync(dir)) return undefined;
  const subs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
  return subs.find(isTfjsSave);
}

/**
 * Opens a saved tfjs.gpt policy (architecture, tokenizer, weights, optimizer state) for sampling
 * or export. Loads TensorFlow.js on first use.
 */
export async function openTfjsCheckpoint(dir: string, opts: { threads?: number } = {}): Promise<TfjsGptBackend> {
  const found = findTfjsCheckpoint(dir);
  if (!found) {
    throw new SptError({
      code: 'checkpoint.missing',
      what: `no tfjs.gpt checkpoint in ${dir}`,
      expected: `a folder (or a folder with a subfolder) holding state.json of format ${FORMAT}`,
      got: existsSync(dir) ? 'no such state.json' : 'no such folder',
      fix: 'pass a run checkpoint folder or a folder written by the backend save()',
    });
  }
  const { configureTensorflowEnv } = await import('./runtime/configure-threads');
  configureTensorflowEnv(opts.threads);
  const { createTfjsGptBackend } = await import('./engine');
  const saved = (JSON.parse(readFileSync(path.join(found, 'state.json'), 'utf8')) as { options: Record<string, unknown>; seed: number });
  const tokenizer = saved.options.tokenizer === 'tokenizer.json' ? path.join(found, 'tokenizer.json') : saved.options.tokenizer;
  const options = tfjsGptOptions.parse({ ...saved.options, tokenizer, init: undefined, threads: opts.threads });
  const backend = await createTfjsGptBackend(options, { seed: saved.seed });
  await backend.load(found);
  return backend;
}
