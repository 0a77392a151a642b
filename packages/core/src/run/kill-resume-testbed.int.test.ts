import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import testbed from '@spt/testbed';
import backends from '@spt/backends';
import { createRun } from './create-run';
import { runChildAndKill } from './__fixtures__/kill-resume';
import { comparableMetrics } from './__fixtures__/run-test-helpers';
import { testbedRunConfig } from './testbed-config';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-kill-tb-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * The real thing: testbed data, oracle rewriter and exact judges, the TF.js backend on native
 * kernels. The run killed with SIGKILL after a checkpoint and resumed in another process must give
 * the same per-step metrics and the same weights. Measured bit-identical on the 2-core CI machine
 * with TensorFlow's default threads (the kernels are deterministic for a fixed machine and thread
 * count), so the test asserts byte equality of the weight file; tolerance 0.
 */
describe('SIGKILL mid-run, then resume (testbed + TF.js)', () => {
  it('gives the same per-step metrics and bit-identical weights as an uninterrupted run', async () => {
    const config = testbedRunConfig({ steps: 8, rollouts: 3, batch: 4, dModel: 32, layers: 1, k: 16, every: 2 });
    const fullDir = path.join(dir, 'full');
    const full = await createRun(config, { plugins: [testbed, backends], runDir: fullDir }).result();
    expect(full.error).toBeUndefined();
    expect(full.status).toBe('completed');

    const cutDir = path.join(dir, 'cut');
    const killed = await runChildAndKill(config, cutDir, ['@spt/testbed', '@spt/backends'], 4);
    expect(killed.signal).toBe('SIGKILL');
    const done = killed.events.filter((e) => e.type === 'step').length;
    expect(done).toBeGreaterThanOrEqual(4);
    expect(done).toBeLessThan(8);
    expect(await readdir(path.join(cutDir, 'checkpoints'))).not.toContain('end');

    const resumed = await createRun(config, { plugins: [testbed, backends], runDir: cutDir }).result();
    expect(resumed.status).toBe('completed');
    expect(await comparableMetrics(path.join(cutDir, 'metrics.jsonl'))).toEqual(await comparableMetrics(path.join(fullDir, 'metrics.jsonl')));
    const weights = (d: string) => readFile(path.join(d, 'policy', 'model.safetensors'));
    expect((await weights(resumed.checkpoints.start)).equals(await weights(full.checkpoints.start))).toBe(true);
  });
});
