/**
 * The TensorFlow.js module on native TensorFlow kernels, loaded once (top-level await). Import
 * this only after `configureTensorflowEnv` ran: the thread settings are read when TF loads.
 *
 * Picks `@tensorflow/tfjs-node-gpu` when SPT_TFJS_DEVICE is 'gpu', or 'auto' and it is
 * installed; else `@tensorflow/tfjs-node`. Never falls back to the pure-JS backend.
 */
import type * as TF from '@tensorflow/tfjs-node';
import { SptError } from '@spt/core';
import { missingNativeError } from './native-error';

type TfModule = typeof TF;

async function tryImport(name: string): Promise<{ mod?: TfModule; error?: unknown }> {
  try {
    const mod = (await import(/* @vite-ignore */ name)) as TfModule & { default?: TfModule };
    return { mod: typeof mod.getBackend === 'function' ? mod : mod.default };
  } catch (error) {
    return { error };
  }
}

async function loadTf(): Promise<TfModule> {
  const device = process.env.SPT_TFJS_DEVICE ?? 'auto';
  if (device !== 'cpu') {
    const gpu = await tryImport('@tensorflow/tfjs-node-gpu');
    if (gpu.mod) return gpu.mod;
    if (device === 'gpu') throw missingNativeError('@tensorflow/tfjs-node-gpu', gpu.error);
    if ((gpu.error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') {
      console.warn(`[spt tfjs] @tensorflow/tfjs-node-gpu is installed but does not load; using the CPU build. ${missingNativeError('@tensorflow/tfjs-node-gpu', gpu.error).what}`);
    }
  }
  const cpu = await tryImport('@tensorflow/tfjs-node');
  if (!cpu.mod) throw missingNativeError('@tensorflow/tfjs-node', cpu.error);
  return cpu.mod;
}

export const tf: TfModule = await loadTf();

if (tf.getBackend() !== 'tensorflow') {
  throw new SptError({
    code: 'backend.tfjs_native',
    what: `TensorFlow.js loaded, but its backend is "${tf.getBackend()}", not the native "tensorflow"`,
    expected: "tf.getBackend() === 'tensorflow'",
    got: tf.getBackend(),
    fix: 'run `node scripts/setup-tfjs.mjs`; do not call tf.setBackend() elsewhere in the process',
  });
}
