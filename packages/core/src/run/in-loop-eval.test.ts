import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsRecord } from '../spec/metrics-sink';
import type { RunConfig } from '../spec/run-config';
import type { RunEvent } from '../spec/run-observer';
import { readMetrics } from '../metrics/jsonl-metrics';
import { createBigramBackend } from '../testing/bigram-backend';
import { createMockEvalSuite } from '../testing/mock-eval';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { createRun } from './create-run';
import { createEvalPoints } from './eval-points';
import { runChildAndKill } from './__fixtures__/kill-resume';
import { bigramWeights, comparableMetrics } from './__fixtures__/run-test-helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-inloop-eval-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const EVAL = { every: 2, prefixes: 6, against: 'start', seeds: 2 };
const dpo = { kind: 'online_dpo', beta: 0.5, reference: { kind: 'frozen' }, nllAlpha: 0, ties: 'skip' } as const;

async function run(config: RunConfig, runDir: string, evaluate?: boolean) {
  const handle = createRun(config, { plugins: [testingPlugins], runDir, ...(evaluate === undefined ? {} : { evaluate }) });
  const events: RunEvent[] = [];
  for await (const e of handle.events()) events.push(e);
  return { result: await handle.result(), events };
}
const evalSteps = (rs: MetricsRecord[]) => rs.filter((r) => 'eval/clean_rate' in r.values).map((r) => r.step);
/** Metrics without the evaluation's own values: what training alone produced. */
const training = async (file: string) =>
  (await comparableMetrics(file)).map((r) => ({ ...r, values: Object.fromEntries(Object.entries(r.values).filter(([k]) => !k.startsWith('eval/'))) }));

describe('in-loop evaluation (eval every N)', () => {
  for (const staleness of [0, 1] as const) {
    it(`evaluates every N global steps and at the end of each part, without changing training (staleness ${staleness})`, async () => {
      const config = mockRunConfig({
        eval: EVAL,
        train: { staleness },
        phases: [{ name: 'pretrain', steps: 5, objective: { kind: 'ntp' } }],
        arms: [
          { name: 'sip', phases: [{ name: 'sip', steps: 3, objective: dpo }] },
          { name: 'ntp', phases: [{ name: 'more', steps: 3, objective: { kind: 'ntp' } }] },
        ],
      });
      const on = await run(config, path.join(dir, `on-${staleness}`));
      const off = await run(config, path.join(dir, `off-${staleness}`), false);
      expect(on.result.error).toBeUndefined();
      expect(off.result.status).toBe('completed');
      const file = (d: string, arm?: string) => path.join(dir, d, ...(arm ? ['arms', arm] : []), 'metrics.jsonl');

      // Points: every 2 global steps and each part's last step (pretrain 1-5, arms 6-8).
      expect(evalSteps(await readMetrics(file(`on-${staleness}`)))).toEqual([2, 4, 5]);
      for (const arm of ['sip', 'ntp']) expect(evalSteps(await readMetrics(file(`on-${staleness}`, arm)))).toEqual([6, 8]);
      const events = on.events.flatMap((e) => (e.type === 'eval' ? [`${e.arm ?? '-'}:${e.step}`] : []));
      expect(events).toEqual(['-:2', '-:4', '-:5', 'sip:6', 'sip:8', 'ntp:6', 'ntp:8']);
      const point = (await readMetrics(file(`on-${staleness}`))).find((r) => r.step === 4) as MetricsRecord;
      expect(point.values['time/eval']).toBeGreaterThan(0);
      expect(point.values['eval/clean_rate']).toBeGreaterThan(0);

      // Training is the same with and without the points: metrics and weights.
      for (const arm of [undefined, 'sip', 'ntp']) {
        const offRecords = await readMetrics(file(`off-${staleness}`, arm));
        expect(offRecords.some((r) => Object.keys(r.values).some((k) => k.startsWith('eval/') || k === 'time/eval'))).toBe(false);
        expect(await training(file(`on-${staleness}`, arm))).toEqual(await training(file(`off-${staleness}`, arm)));
      }
      for (const name of ['start', 'sip', 'ntp']) {
        expect((await bigramWeights(on.result.checkpoints[name])).equals(await bigramWeights(off.result.checkpoints[name]))).toBe(true);
      }
      // Each point scored the policy of its step: the checkpoint of that step scores the same.
      const rescore = async (checkpoint: string) => {
        const backend = createBigramBackend();
        await backend.load(path.join(checkpoint, 'policy'));
        return (await createEvalPoints(config, createMockEvalSuite()).measure(backend, 'again')).results;
      };
      const results = (r: MetricsRecord) => Object.fromEntries(Object.entries(r.values).flatMap(([k, v]) => (k.startsWith('eval/') ? [[k.slice(5), v]] : [])));
      expect(await rescore(path.join(dir, `on-${staleness}`, 'checkpoints', 'step-00000004'))).toEqual(results(point));
      const sipEnd = (await readMetrics(file(`on-${staleness}`, 'sip'))).find((r) => r.step === 8) as MetricsRecord;
      expect(await rescore(on.result.checkpoints.sip)).toEqual(results(sipEnd));
      // ...and the points moved with training: the untrained policy writes noise, step 2's does not.
      const untrained = await createEvalPoints(config, createMockEvalSuite()).measure(createBigramBackend({ seed: 1 }), 'init');
      const first = (await readMetrics(file(`on-${staleness}`))).find((r) => r.step === 2) as MetricsRecord;
      expect(untrained.results.clean_rate).toBeLessThan(0.5);
      expect(first.values['eval/clean_rate']).toBeGreaterThan(0.9);
    });
  }

  it('evaluates the last model once more when the data runs out early, in a record of its own', async () => {
    const config = mockRunConfig({ data: { plugin: 'mock.docs', options: { seed: 1, count: 10 } }, eval: { ...EVAL, every: 4 }, phases: [{ name: 'main', steps: 6, objective: { kind: 'ntp' } }] });
    const { result, events } = await run(config, path.join(dir, 'short'));
    expect(result.status).toBe('completed');
    expect(events.some((e) => e.type === 'warning' && e.code === 'data.exhausted')).toBe(true);
    const records = await readMetrics(path.join(dir, 'short', 'metrics.jsonl'));
    const last = records.at(-1) as MetricsRecord;
    expect(last.step).toBe(records.at(-2)?.step);
    expect(Object.keys(last.values).sort()).toEqual(['eval/clean_rate', 'eval/clean_rate_noisy', 'eval/noise_free_rate', 'time/eval']);
    expect(new Set(evalSteps(records)).size).toBe(evalSteps(records).length);
  });

  it('needs its suite only when it evaluates: a missing one fails the run before any step, evaluate: false runs', async () => {
    const config = mockRunConfig({ eval: { ...EVAL, suite: { plugin: 'missing.eval', options: {} } } });
    const failed = await run(config, path.join(dir, 'missing'));
    expect(failed.result.status).toBe('failed');
    expect(failed.result.error?.message).toContain('missing.eval');
    expect(failed.events.some((e) => e.type === 'step')).toBe(false);
    expect((await run(config, path.join(dir, 'missing-off'), false)).result.status).toBe('completed');
    expect((await run({ ...config, eval: { ...config.eval!, every: 0 } }, path.join(dir, 'missing-0'))).result.status).toBe('completed');
  });

  it('a run stopped without evaluation resumes with `eval every 2` added: same training, points after the stop; other prompts warn', async () => {
    const config = mockRunConfig({ phases: [{ name: 'main', steps: 6, objective: dpo }], checkpoint: { every: 2, keep: 0 } });
    const full = await run(config, path.join(dir, 'plain'));
    const cutDir = path.join(dir, 'added');
    const controller = new AbortController();
    const first = createRun(config, { plugins: [testingPlugins], runDir: cutDir, signal: controller.signal, observers: [{ onEvent: (e) => e.type === 'step' && e.step === 2 && controller.abort() }] });
    expect((await first.result()).status).toBe('aborted');
    const withEval = { ...config, eval: EVAL };
    const resumed = await run(withEval, cutDir);
    expect(resumed.result).toMatchObject({ status: 'completed', steps: 6 });
    expect(resumed.events.find((e) => e.type === 'run-start')).toMatchObject({ resumedFrom: 2 });
    expect(resumed.events.some((e) => e.type === 'warning' && e.code === 'checkpoint.eval-changed')).toBe(true);
    expect(evalSteps(await readMetrics(path.join(cutDir, 'metrics.jsonl')))).toEqual([4, 6]);
    expect(await training(path.join(cutDir, 'metrics.jsonl'))).toEqual(await training(path.join(dir, 'plain', 'metrics.jsonl')));
    expect((await bigramWeights(resumed.result.checkpoints.start)).equals(await bigramWeights(full.result.checkpoints.start))).toBe(true);
    // The cadence alone may change silently; what a point measures may not.
    const again = async (name: string, second: RunConfig) => {
      const d = path.join(dir, name);
      const c = new AbortController();
      await createRun(withEval, { plugins: [testingPlugins], runDir: d, signal: c.signal, observers: [{ onEvent: (e) => e.type === 'step' && e.step === 2 && c.abort() }] }).result();
      return (await run(second, d)).events.filter((e) => e.type === 'warning').map((e) => (e.type === 'warning' ? e.code : ''));
    };
    expect(await again('cadence', { ...withEval, eval: { ...EVAL, every: 3 } })).toEqual([]);
    expect(await again('prompts', { ...withEval, eval: { ...EVAL, promptSeed: 5 } })).toEqual(['checkpoint.eval-changed']);
  });

  it('a run killed with SIGKILL and resumed has the same evaluation points, none lost or repeated', async () => {
    const config = mockRunConfig({
      policy: { plugin: 'mock.bigram', options: { seed: 3, delay_ms: 40 } },
      phases: [{ name: 'main', steps: 12, objective: dpo }],
      checkpoint: { every: 3, keep: 2 },
      eval: { ...EVAL, every: 2 },
    });
    const full = await createRun(config, { plugins: [testingPlugins], runDir: path.join(dir, 'full') }).result();
    expect(full.status).toBe('completed');
    const cutDir = path.join(dir, 'cut');
    const killed = await runChildAndKill(config, cutDir, ['testing'], 3);
    expect(killed.stderr).toBe('');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.events.filter((e) => e.type === 'eval').length).toBeGreaterThanOrEqual(1);
    const resumed = await createRun(config, { plugins: [testingPlugins], runDir: cutDir }).result();
    expect(resumed.status).toBe('completed');
    const cut = await readMetrics(path.join(cutDir, 'metrics.jsonl'));
    expect(evalSteps(cut)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(await comparableMetrics(path.join(cutDir, 'metrics.jsonl'))).toEqual(await comparableMetrics(path.join(dir, 'full', 'metrics.jsonl')));
    expect((await bigramWeights(resumed.checkpoints.start)).equals(await bigramWeights(full.checkpoints.start))).toBe(true);
  });
});
