/** Helpers for tests that run the real Python worker (the venv made by scripts/setup-python.mjs). */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginContext } from '@spt/core';
import { launchCommand } from './launch';
import { torchLlamaOptions } from './options';
import { defaultVenv, workerDir } from './python-env';
import { TorchWorkerClient } from './worker-client';

export const venvPython = path.join(defaultVenv(), 'bin', 'python');

/**
 * True when the worker tests must be skipped: only when the Python setup was skipped on purpose
 * (SPT_SKIP_PYTHON_SETUP=1). A missing venv otherwise fails the tests, with the fix in the message.
 */
export const skipPython = process.env.SPT_SKIP_PYTHON_SETUP === '1';

export function requirePython(): string {
  if (!existsSync(venvPython)) throw new Error(`no worker venv at ${venvPython}: run \`node scripts/setup-python.mjs\` first`);
  return venvPython;
}

/** Tiny fresh Llama options (2 layers, d_model 32) as a recipe would give them. */
export function tinyOptions(extra: Record<string, unknown> = {}) {
  return torchLlamaOptions.parse({ layers: 2, d_model: 32, heads: 4, context: 64, python: requirePython(), device: 'cpu', threads: 1, ...extra });
}

export function testContext(logs: string[] = []): Pick<PluginContext, 'seed' | 'log' | 'config' | 'runDir'> {
  return { seed: 7, log: (m) => logs.push(m), runDir: mkdtempSync(path.join(os.tmpdir(), 'spt-torch-test-')) };
}

/** Starts a bare worker (no init) with extra environment variables (fault injection). */
export async function startWorker(env: Record<string, string> = {}, nproc = 1): Promise<TorchWorkerClient> {
  const python = requirePython();
  const dir = workerDir();
  return TorchWorkerClient.start({
    launch: (socketPath) => {
      const cmd = launchCommand({ python, workerDir: dir, socketPath, options: { device: 'cpu', nproc_per_node: nproc, nnodes: 1, master_port: 29500, threads: 1 } });
      return { ...cmd, env: { ...cmd.env, ...env } };
    },
    startupTimeoutMs: 120_000,
    workerDir: dir,
  });
}
