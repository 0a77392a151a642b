/**
 * The TensorFlow.js module on native TensorFlow kernels, loaded once (top-level await). Import
 * this only after `configureTensorflowEnv` ran: the thread settings are read when TF loads.
 *
 * Picks `@tensorflow/tfjs-node-gpu` when SPT_TFJS_DEVICE is 'gpu', or 'auto' and it is
 * installed; else `@tensorflow/tfjs-node`. Never falls back to the pure-JS backend.
 */
import type * as TF from '@tensorflow/tfjs-node';
import { SptError } from '@spt/core';

type TfModule = typeof TF;

async function tryImport(name: string): Promise<{ mod?: TfModule; error?: unknown }> {
  try {
    const mod = (await import(/* @vite-ignore */ name)) as TfModule & { default?: TfModule };
    return { mod: typeof mod.getBackend === 'function' ? mod : mod.default };
  } catch (error) {
    return { error };
  }
}

function missingNativeError(name: string, error: unknown): SptError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const missingPackage = code === 'ERR_MODULE_NOT_FOUND' && message.includes(name);
  const missingAddon = /tfjs_binding\.node|napi-v\d/.test(message);
  const missingLib = /libtensorflow[^ ]*\.so/.test(message);
  const what = missingPackage
    ? `${name} is not installed`
    : missingAddon
      ? `the native addon of ${name} (lib/napi-v8/tfjs_binding.node) has not been built`
      : missingLib
        ? `the TensorFlow C library that ${name} links against (libtensorflow*.so) cannot be found`
        : `${name} failed to load: ${message.split('\n')[0]}`;
  return new SptError({
    code: 'backend.tfjs_native',
    what: `the tfjs backend needs native TensorFlow kernels, but ${what}`,
    expected: `${name} loading with tf.getBackend() === 'tensorflow'`,
    got: message.split('\n')[0],
    fix: 'run `node scripts/setup-tfjs.mjs` in the spt workspace (needs python3 with pip, a C++ compiler and make); it builds the addon from the tensorflow-cpu wheel. spt never trains on the pure-JS backend.',
    cause: error,
  });
}

async function loadTf(): Promise<TfModule> {
  const device = process.env.SPT_TFJS_DEVICE ?? 'auto';
  if (device !== 'cpu') {
    const gpu = await tryImport('@tensorflow/tfjs-node-gpu');
    if (gpu.mod) return gpu.mod;
    if (device === 'gpu') throw missingNativeError('@tensorflow/tfjs-node-gpu', gpu.error);
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
