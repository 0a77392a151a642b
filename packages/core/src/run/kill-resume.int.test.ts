import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { createRun } from './create-run';
import { runChildAndKill } from './__fixtures__/kill-resume';
import { bigramWeights, comparableMetrics } from './__fixtures__/run-test-helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-kill-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('SIGKILL mid-run, then resume (testing-kit backend)', () => {
  for (const staleness of [0, 1] as const) {
    it(`gives the same per-step metrics and bit-identical weights as an uninterrupted run (staleness ${staleness})`, async () => {
      const config = mockRunConfig({
        policy: { plugin: 'mock.bigram', options: { seed: 3, delay_ms: 40 } },
        phases: [{ name: 'main', steps: 12, objective: { kind: 'online_dpo', beta: 0.5, reference: { kind: 'frozen' }, nllAlpha: 0.1, ties: 'skip' } }],
        train: { staleness },
        checkpoint: { every: 3, keep: 2 },
      });
      const fullDir = path.join(dir, `full-${staleness}`);
      const full = await createRun(config, { plugins: [testingPlugins], runDir: fullDir }).result();
      expect(full.status).toBe('completed');

      const cutDir = path.join(dir, `cut-${staleness}`);
      const killed = await runChildAndKill(config, cutDir, ['testing'], 3);
      expect(killed.stderr).toBe('');
      expect(killed.signal).toBe('SIGKILL');
      const done = killed.events.filter((e) => e.type === 'step').length;
      expect(done).toBeGreaterThanOrEqual(3);
      expect(done).toBeLessThan(12);
      expect(await readdir(path.join(cutDir, 'checkpoints'))).not.toContain('end');

      const resumed = createRun(config, { plugins: [testingPlugins], runDir: cutDir });
      const events = [];
      for await (const e of resumed.events()) events.push(e);
      const result = await resumed.result();
      expect(result.status).toBe('completed');
      const from = (events[0] as { resumedFrom?: number }).resumedFrom ?? -1;
      expect(from).toBeGreaterThanOrEqual(3);
      expect(from).toBeLessThan(12);
      expect(await comparableMetrics(path.join(cutDir, 'metrics.jsonl'))).toEqual(await comparableMetrics(path.join(fullDir, 'metrics.jsonl')));
      expect((await bigramWeights(result.checkpoints.start)).equals(await bigramWeights(full.checkpoints.start))).toBe(true);
    });
  }

  it('SIGTERM finishes the step, writes a checkpoint and ends aborted; the resume completes', async () => {
    const config = mockRunConfig({ policy: { plugin: 'mock.bigram', options: { seed: 3, delay_ms: 40 } }, phases: [{ name: 'main', steps: 12, objective: { kind: 'ntp' } }], checkpoint: { every: 2, keep: 0 } });
    const runDir = path.join(dir, 'term');
    const stopped = await runChildAndKill(config, runDir, ['testing'], 2, 'SIGTERM');
    expect(stopped.signal).toBeNull();
    expect(stopped.code).toBe(1);
    const types = stopped.events.map((e) => e.type);
    expect(types).toContain('warning');
    expect(stopped.events.at(-1)).toMatchObject({ type: 'run-end', status: 'aborted' });
    const last = stopped.events.filter((e) => e.type === 'checkpoint').at(-1) as { step: number };
    expect(stopped.events.filter((e) => e.type === 'step').length).toBe(last.step);
    const resumed = await createRun(config, { plugins: [testingPlugins], runDir }).result();
    expect(resumed.status).toBe('completed');
    expect(resumed.steps).toBe(12);
  });

  it('a second SIGTERM stops at once; the last good checkpoint resumes', async () => {
    const config = mockRunConfig({ policy: { plugin: 'mock.bigram', options: { seed: 3, delay_ms: 300 } }, phases: [{ name: 'main', steps: 12, objective: { kind: 'ntp' } }], checkpoint: { every: 2, keep: 0 } });
    const runDir = path.join(dir, 'term2');
    const stopped = await runChildAndKill(config, runDir, ['testing'], 2, 'SIGTERM', { twice: true });
    expect(stopped.signal).toBe('SIGTERM');
    expect(stopped.events.some((e) => e.type === 'run-end')).toBe(false);
    const resumed = await createRun(config, { plugins: [testingPlugins], runDir }).result();
    expect(resumed.status).toBe('completed');
  });
});
