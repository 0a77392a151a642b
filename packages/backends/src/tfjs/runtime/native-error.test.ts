import { describe, expect, it } from 'vitest';
import { missingNativeError } from './native-error';

describe('missingNativeError', () => {
  it('names the missing piece and the fix', () => {
    const notInstalled = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' imported from x"), { code: 'ERR_MODULE_NOT_FOUND' });
    expect(missingNativeError('@tensorflow/tfjs-node', notInstalled).what).toBe('the tfjs backend needs native TensorFlow kernels, but @tensorflow/tfjs-node is not installed');
    const notResolved = Object.assign(new Error("Cannot find module '@tensorflow/tfjs-node'\nRequire stack: x"), { code: 'MODULE_NOT_FOUND' });
    expect(missingNativeError('@tensorflow/tfjs-node', notResolved).what).toBe('the tfjs backend needs native TensorFlow kernels, but @tensorflow/tfjs-node is not installed');
    const noAddon = Object.assign(new Error("Cannot find module '/x/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'"), { code: 'MODULE_NOT_FOUND' });
    expect(missingNativeError('@tensorflow/tfjs-node', noAddon).what).toContain('the native addon of @tensorflow/tfjs-node (lib/napi-v8/tfjs_binding.node) has not been built');
    expect(missingNativeError('@tensorflow/tfjs-node', noAddon).fix).toMatch(/^run `spt setup tfjs` \(needs python3 with pip/);
    expect(missingNativeError('@tensorflow/tfjs-node', notInstalled).fix).toBe('install @spt/backends again (it depends on @tensorflow/tfjs-node), then run `spt setup tfjs`');
    const noLib = new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory');
    const err = missingNativeError('@tensorflow/tfjs-node', noLib);
    expect(err.what).toContain('the TensorFlow C library that @tensorflow/tfjs-node links against (libtensorflow*.so) cannot be found');
    expect(err.code).toBe('backend.tfjs_native');
    expect(err.fix).toMatch(/^run `spt setup tfjs` /);
    expect(err.fix).toContain('never trains on the pure-JS backend');
  });
});
