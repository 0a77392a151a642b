/**
 * The TensorFlow.js module on native TensorFlow kernels, loaded once (top-level await). Import
 * this only after `configureTensorflowEnv` ran: the thread settings are read when TF loads.
 *
 * Picks `@tensorflow/tfjs-node-gpu` when SPT_TFJS_DEVICE is 'gpu', or 'auto' and it is
 * installed; else `@tensorflow/tfjs-node`. Never falls back to the pure-JS backend.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as TF from '@tensorflow/tfjs-node';
import { SptError } from '@spt/core';
import { isModuleNotFound, missingNativeError, SETUP_COMMAND } from './native-error';
import { withQuietNativeStderr } from './quiet-stderr';

type TfModule = typeof TF;

/**
 * Imports a package by the real path of its entry. The path is resolved before TensorFlow loads
 * (the caller mutes stderr while it does; resolving a pnpm symlink inside that window was seen to
 * keep the symlinked path, from which tfjs-node's own dependencies cannot be found).
 */
async function tryImport(name: string): Promise<{ mod?: TfModule; error?: unknown }> {
  try {
    const entry = pathToFileURL(fs.realpathSync(createRequire(import.meta.url).resolve(name))).href;
    const mod = (await withQuietNativeStderr(() => import(/* @vite-ignore */ entry))) as TfModule & { default?: TfModule };
    return { mod: typeof mod.getBackend === 'function' ? mod : mod.default };
  } catch (error) {
    return { error };
  }
}

/** Loads the module; a warning for the user is returned, to print once stderr is back. */
async function loadTf(): Promise<{ mod: TfModule; warning?: string }> {
  const device = process.env.SPT_TFJS_DEVICE ?? 'auto';
  if (device !== 'cpu') {
    const gpu = await tryImport('@tensorflow/tfjs-node-gpu');
    if (gpu.mod) return { mod: gpu.mod };
    if (device === 'gpu') throw missingNativeError('@tensorflow/tfjs-node-gpu', gpu.error);
    const cpu = await loadCpu();
    if (isModuleNotFound(gpu.error)) return { mod: cpu };
    return { mod: cpu, warning: `[spt tfjs] @tensorflow/tfjs-node-gpu is installed but does not load; using the CPU build. ${missingNativeError('@tensorflow/tfjs-node-gpu', gpu.error).what}` };
  }
  return { mod: await loadCpu() };
}

async function loadCpu(): Promise<TfModule> {
  const cpu = await tryImport('@tensorflow/tfjs-node');
  if (!cpu.mod) throw missingNativeError('@tensorflow/tfjs-node', cpu.error);
  return cpu.mod;
}

// TensorFlow's C++ start-up lines are hidden unless SPT_DEBUG=1 (see quiet-stderr.ts).
const loaded = await loadTf();
if (loaded.warning) console.warn(loaded.warning);
export const tf: TfModule = loaded.mod;

if (tf.getBackend() !== 'tensorflow') {
  throw new SptError({
    code: 'backend.tfjs_native',
    what: `TensorFlow.js loaded, but its backend is "${tf.getBackend()}", not the native "tensorflow"`,
    expected: "tf.getBackend() === 'tensorflow'",
    got: tf.getBackend(),
    fix: `run \`${SETUP_COMMAND}\`; do not call tf.setBackend() elsewhere in the process`,
  });
}
