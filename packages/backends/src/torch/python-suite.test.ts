/**
 * Runs the Python worker's own test suite (pytest) and its lint (ruff) with the venv's python, so
 * the root `pnpm test` covers both languages. The suite includes a 2-rank torchrun run on CPU.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerDir } from './python-env';
import { requirePython, skipPython } from './test-worker.test-util';

function run(args: string[]) {
  const res = spawnSync(requirePython(), args, { cwd: workerDir(), encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 900_000 });
  return { code: res.status, output: `${res.stdout ?? ''}${res.stderr ?? ''}`, error: res.error };
}

describe.skipIf(skipPython)('python worker suite', () => {
  it('passes ruff', () => {
    const r = run(['-m', 'ruff', 'check', '.']);
    expect(r.output, r.output).toContain('All checks passed');
    expect(r.code).toBe(0);
  });

  it('passes pytest (losses, sampling, KV cache, resume, export, protocol, torchrun DDP/FSDP)', () => {
    const r = run(['-m', 'pytest', path.join(workerDir(), 'tests')]);
    expect(r.code, r.output.slice(-6000)).toBe(0);
    expect(r.output).toMatch(/\d+ passed/);
    expect(r.output).not.toMatch(/\d+ (failed|error)/);
  }, 900_000);
});
