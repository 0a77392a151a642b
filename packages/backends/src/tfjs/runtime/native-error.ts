import { SptError } from '@spt/core';

/** The command that builds tfjs-node's native addon (inside the spt workspace `pnpm install` runs it too). */
export const SETUP_COMMAND = 'spt setup tfjs';

/** The error for a TensorFlow.js native package that cannot load, naming what is missing. */
export function missingNativeError(name: string, error: unknown): SptError {
  const message = error instanceof Error ? error.message : String(error);
  const missingPackage = isModuleNotFound(error) && message.includes(`'${name}'`);
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
    fix: missingPackage
      ? name === '@tensorflow/tfjs-node'
        ? `install @spt/backends again (it depends on ${name}), then run \`${SETUP_COMMAND}\``
        : `install ${name} beside @spt/backends (npm install ${name}), or set SPT_TFJS_DEVICE=cpu`
      : `run \`${SETUP_COMMAND}\` (needs python3 with pip, a C++ compiler and make): it builds the addon from the tensorflow-cpu wheel. spt never trains on the pure-JS backend.`,
    cause: error,
  });
}

/** True for "package not installed" from either module system (ESM import or CJS resolve). */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
