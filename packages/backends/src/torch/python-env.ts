import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SptError } from '@spt/core';
import { backendsPackageDir } from '../package-dir';

/** The venv `spt setup torch` (and the repo's scripts/setup-python.mjs) creates. */
export function defaultVenv(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return env.SPT_VENV ?? path.join(cache, 'spt', 'venv');
}

/** The Python to run the worker with: the option, then $SPT_PYTHON, then the default venv. */
export function findPython(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [option, env.SPT_PYTHON, path.join(defaultVenv(env), 'bin', 'python')].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new SptError({
    code: 'backend.torch_python',
    what: 'no Python environment for the torch backend was found',
    expected: 'a python with torch, transformers and safetensors',
    got: `none of ${candidates.join(', ')} exists`,
    fix: 'run `spt setup torch` (creates the venv), or set the policy option python (or $SPT_PYTHON) to such a python',
  });
}

/** The folder holding the worker package (`spt_torch_worker/`), shipped inside @spt/backends. */
export function workerDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SPT_TORCH_WORKER_DIR) return env.SPT_TORCH_WORKER_DIR;
  const dir = backendsPackageDir();
  if (dir) return path.join(dir, 'python');
  throw new SptError({
    code: 'backend.torch_worker_missing',
    what: 'cannot find the torch worker shipped with @spt/backends',
    expected: 'python/spt_torch_worker inside the @spt/backends package',
    got: `no @spt/backends package.json above ${fileURLToPath(import.meta.url)}`,
    fix: 'reinstall @spt/backends, or set SPT_TORCH_WORKER_DIR to a folder that holds spt_torch_worker/',
  });
}
