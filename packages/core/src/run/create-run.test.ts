import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../spec/plugin';
import type { Curriculum } from '../spec/curriculum';
import type { RunEvent, RunObserver } from '../spec/run-observer';
import type { RunConfig } from '../spec/run-config';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { readMetrics } from '../metrics/jsonl-metrics';
import { createRun } from './create-run';
import { bigramWeights, comparableMetrics, probePackage } from './__fixtures__/run-test-helpers';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-run-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run(config: RunConfig, runDir: string, extra: { abortAfter?: number } = {}) {
  const controller = new AbortController();
  const handle = createRun(config, {
    plugins: [testingPlugins],
    runDir,
    signal: controller.signal,
    observers: [{ onEvent: (e) => e.type === 'step' && e.step === extra.abortAfter && controller.abort() }],
  });
  const events: RunEvent[] = [];
  for await (const e of handle.events()) events.push(e);
  return { result: await handle.result(), events };
}

describe('createRun on the testing kit', () => {
  it('an embedder that aborts on a step event it reads from events() stops the run right after that step', async () => {
    const controller = new AbortController();
    const handle = createRun(mockRunConfig(), { plugins: [testingPlugins], runDir: dir, signal: controller.signal });
    const steps: number[] = [];
    for await (const e of handle.events()) {
      if (e.type !== 'step') continue;
      steps.push(e.step);
      if (e.step === 1) controller.abort();
    }
    expect(await handle.result()).toMatchObject({ status: 'aborted', steps: 1 });
    expect(steps).toEqual([1]);
    expect((await readMetrics(path.join(dir, 'metrics.jsonl'))).map((m) => m.step)).toEqual([1]);
  });

  it("a recipe's observers (plugins of kind observer) see the run's events: the built-in event_log and a third-party one", async () => {
    const seen: string[] = [];
    const probe = probePackage(
      'probe-observers',
      definePlugin<RunObserver, { prefix: string }>({
        manifest: { name: 'probe.collect', kind: 'observer', version: '1.0.0', description: 'collects event types', options: z.strictObject({ prefix: z.string() }) },
        create: (o) => ({ onEvent: (e) => seen.push(`${o.prefix}${e.type}`) }),
      }),
    );
    const config: RunConfig = {
      ...mockRunConfig(),
      observers: [
        { plugin: 'event_log', options: { path: 'logs/events.jsonl', types: ['checkpoint', 'run-end'] } },
        { plugin: 'probe.collect', options: { prefix: '>' } },
      ],
    };
    const handle = createRun(config, { plugins: [testingPlugins, probe], runDir: dir });
    expect((await handle.result()).status).toBe('completed');
    expect(seen).toEqual(['>run-start', '>phase-start', '>step', '>step', '>checkpoint', '>step', '>step', '>checkpoint', '>step', '>step', '>checkpoint', '>run-end']);
    const lines = (await readFile(path.join(dir, 'logs/events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['checkpoint', 'checkpoint', 'checkpoint', 'run-end']);
    expect(lines[3]).toMatchObject({ status: 'completed', step: 6 });
    expect(Number.isNaN(Date.parse(lines[0].time))).toBe(false);
  });

  it('runs SIP end to end: events, metrics.jsonl, checkpoints', async () => {
    const { result, events } = await run(mockRunConfig(), dir);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ status: 'completed', steps: 6 });
    expect(events.map((e) => e.type)).toEqual([
      'run-start', 'phase-start', 'step', 'step', 'checkpoint', 'step', 'step', 'checkpoint', 'step', 'step', 'checkpoint', 'run-end',
    ]);
    const metrics = await readMetrics(path.join(dir, 'metrics.jsonl'));
    expect(metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
    const v = metrics[5].values;
    for (const key of ['loss', 'lr', 'update/dpo_margin', 'update/dpo_accuracy', 'reward/mean', 'reward/rollout', 'score/quality/rewrite', 'chosen_rate/rollout', 'tie_rate', 'judge/abstention_rate', 'time/generation', 'time/judging', 'time/update', 'throughput/tokens_per_s', 'throughput/judge_calls_per_s']) {
      expect(v, key).toHaveProperty([key]);
    }
    const rates = Object.entries(v).filter(([k]) => k.startsWith('chosen_rate/')).reduce((a, [, x]) => a + x, 0);
    expect(rates).toBeCloseTo(1, 9);
    expect(result.checkpoints.start).toBe(path.join(dir, 'checkpoints', 'end'));
    expect((await readdir(path.join(dir, 'checkpoints'))).sort()).toEqual(['end', 'step-00000002', 'step-00000004']);
  });

  it('is deterministic: same seed, same metrics and weights; another seed differs', async () => {
    const a = await run(mockRunConfig(), path.join(dir, 'a'));
    const b = await run(mockRunConfig(), path.join(dir, 'b'));
    const c = await run(mockRunConfig({ train: { seed: 8 } }), path.join(dir, 'c'));
    expect(await comparableMetrics(path.join(dir, 'b', 'metrics.jsonl'))).toEqual(await comparableMetrics(path.join(dir, 'a', 'metrics.jsonl')));
    expect((await bigramWeights(b.result.checkpoints.start)).equals(await bigramWeights(a.result.checkpoints.start))).toBe(true);
    expect((await bigramWeights(c.result.checkpoints.start)).equals(await bigramWeights(a.result.checkpoints.start))).toBe(false);
  });

  for (const staleness of [0, 1] as const) {
    it(`abort + resume equals an uninterrupted run (staleness ${staleness})`, async () => {
      const config = mockRunConfig({ train: { staleness }, checkpoint: { every: 4, keep: 2 } });
      const full = await run(config, path.join(dir, 'full'));
      const first = await run(config, path.join(dir, 'cut'), { abortAfter: 3 });
      expect(first.result.status).toBe('aborted');
      expect(first.result.steps).toBe(3);
      expect(first.events.filter((e) => e.type === 'checkpoint').map((e) => (e as { step: number }).step)).toEqual([3]);
      const second = await run(config, path.join(dir, 'cut'));
      expect(second.events[0]).toMatchObject({ type: 'run-start', resumedFrom: 3 });
      expect(second.result.status).toBe('completed');
      expect(await comparableMetrics(path.join(dir, 'cut', 'metrics.jsonl'))).toEqual(await comparableMetrics(path.join(dir, 'full', 'metrics.jsonl')));
      expect((await bigramWeights(second.result.checkpoints.start)).equals(await bigramWeights(full.result.checkpoints.start))).toBe(true);
    });
  }

  it('staleness 1 samples one update behind (on-policy learns faster here) and stays reproducible', async () => {
    const lr = { peak: 50, schedule: 'constant', warmup: 0, minRatio: 1 } as const;
    const a = await run(mockRunConfig({ train: { staleness: 1, lr } }), path.join(dir, 'a'));
    const b = await run(mockRunConfig({ train: { staleness: 0, lr } }), path.join(dir, 'b'));
    expect(a.result.status).toBe('completed');
    const ma = await comparableMetrics(path.join(dir, 'a', 'metrics.jsonl'));
    const mb = await comparableMetrics(path.join(dir, 'b', 'metrics.jsonl'));
    const noData = (r: (typeof ma)[number]) => Object.fromEntries(Object.entries(r.values).filter(([k]) => !k.startsWith('data/')));
    // Step 1 is sampled from the initial weights either way; the prefetch reads ahead.
    expect(noData(ma[0])).toEqual(noData(mb[0]));
    expect(ma[0].values['data/documents']).toBe(8);
    expect(ma.map(noData)).not.toEqual(mb.map(noData));
    // One DPO step makes the on-policy rollouts of step 2 cleaner; the stale ones are still step 1's policy.
    const clean = (m: typeof ma, i: number) => m[i].values['score/clean/rollout'];
    expect(clean(mb, 1)).toBeGreaterThan(clean(mb, 0) + 0.1);
    expect(clean(ma, 1)).toBeLessThan(clean(mb, 1));
    const again = await run(mockRunConfig({ train: { staleness: 1, lr } }), path.join(dir, 'a2'));
    expect(again.result.status).toBe('completed');
    expect(await comparableMetrics(path.join(dir, 'a2', 'metrics.jsonl'))).toEqual(ma);
  });

  it('runs shared phases then arms from the same start checkpoint', async () => {
    const dpo = { kind: 'online_dpo', beta: 0.5, reference: { kind: 'sync', every: 2 }, nllAlpha: 0.1, ties: 'skip' } as const;
    const config = mockRunConfig({
      phases: [{ name: 'pretrain', steps: 2, objective: { kind: 'ntp' } }],
      arms: [
        { name: 'sip', phases: [{ name: 'sip', steps: 3, objective: dpo }] },
        { name: 'ntp', phases: [{ name: 'more', steps: 3, objective: { kind: 'ntp' } }] },
        { name: 'rewrites', phases: [{ name: 'sft', steps: 2, objective: { kind: 'sft', source: 'rewrite' } }, { name: 'rf', steps: 1, objective: { kind: 'rf_nll' } }] },
      ],
    });
    const { result, events } = await run(config, dir);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('completed');
    expect(Object.keys(result.checkpoints)).toEqual(['start', 'sip', 'ntp', 'rewrites']);
    const steps = events.flatMap((e) => (e.type === 'step' ? [`${e.arm ?? '-'}:${e.phase}:${e.step}`] : []));
    expect(steps).toEqual(['-:pretrain:1', '-:pretrain:2', 'sip:sip:3', 'sip:sip:4', 'sip:sip:5', 'ntp:more:3', 'ntp:more:4', 'ntp:more:5', 'rewrites:sft:3', 'rewrites:sft:4', 'rewrites:rf:5']);
    const sipMetrics = await readMetrics(path.join(dir, 'arms', 'sip', 'metrics.jsonl'));
    const ntpMetrics = await readMetrics(path.join(dir, 'arms', 'ntp', 'metrics.jsonl'));
    expect(sipMetrics).toHaveLength(3);
    expect(ntpMetrics[0].values['objective/sequences']).toBe(4);
    // Both arms read the same documents first: the data cursor restarts from the start checkpoint.
    expect(ntpMetrics[0].values['data/documents']).toBe(sipMetrics[0].values['data/documents']);
    const sft = await readMetrics(path.join(dir, 'arms', 'rewrites', 'metrics.jsonl'));
    expect(sft[0].values['judge/calls']).toBe(0);
    expect(sft[0].values['candidates/rewrite']).toBe(4);
    expect(sft[0].values['candidates/rollout']).toBeUndefined();
    // Completed steps: 2 shared + 3 + 3 + 3 in the arms, also when a finished run is resumed.
    expect(result.steps).toBe(11);
    expect((await run(config, dir)).result).toMatchObject({ status: 'completed', steps: 11 });
    // Stopped in the first arm after its second step (global step 4): 2 shared + 2.
    const stopped = await run(config, path.join(dir, 'stopped'), { abortAfter: 4 });
    expect(stopped.result).toMatchObject({ status: 'aborted', steps: 4 });
    const resumed = await run(config, path.join(dir, 'stopped'));
    expect(resumed.result).toMatchObject({ status: 'completed', steps: 11 });
    // The resume starts its progress count at the 4 steps done (2 shared + 2 of arm sip), 7 to go.
    expect(resumed.events[0]).toMatchObject({ type: 'run-start', totalSteps: 11, resumedFrom: 2, completed: 4 });
    expect(resumed.events.filter((e) => e.type === 'step')).toHaveLength(7);
    // A corrupt arm checkpoint is found (and reported) once, though the start count and the arm both need it.
    const corrupt = path.join(dir, 'corrupt');
    await run(config, corrupt, { abortAfter: 4 });
    await writeFile(path.join(corrupt, 'arms', 'sip', 'checkpoints', 'step-00000004', 'policy', 'policy.f64'), 'garbage');
    const again = await run(config, corrupt);
    expect(again.events.filter((e) => e.type === 'warning' && e.code === 'checkpoint.corrupt')).toHaveLength(1);
    expect(again.events[1]).toMatchObject({ type: 'run-start', completed: 2 });
    expect(again.result).toMatchObject({ status: 'completed', steps: 11 });
  });

  it('treats abstentions as data: counts them and skips pools by policy', async () => {
    const judges = mockRunConfig().judges.map((j) => ({ ...j, judge: { ...j.judge, options: { abstain_rate: 0.5, throw_rate: 0.1 } } }));
    const { result } = await run(mockRunConfig({ judges, judging: { maxAbstention: 0.4 } }), dir);
    expect(result.status).toBe('completed');
    const m = await readMetrics(path.join(dir, 'metrics.jsonl'));
    const rate = m.reduce((a, r) => a + (r.values['judge/abstention_rate'] ?? 0), 0) / m.length;
    expect(rate).toBeGreaterThan(0.45);
    expect(rate).toBeLessThan(0.75);
    expect(m.some((r) => r.values['pools/skipped_abstention'] > 0)).toBe(true);
  });

  it('curriculum weight 0 means the source is never computed nor judged', async () => {
    const config = mockRunConfig({ curriculum: { weights: { rewrite: { kind: 'constant', value: 0 }, rollouts: { kind: 'step', values: [0, 1], boundaries: [3] } }, params: {} } });
    await run(config, dir);
    const m = await readMetrics(path.join(dir, 'metrics.jsonl'));
    expect(m.every((r) => r.values['candidates/rewrite'] === undefined)).toBe(true);
    expect(m.map((r) => r.values['candidates/rollout'] ?? 0)).toEqual([0, 0, 0, 12, 12, 12]);
  });

  it('a curriculum plugin (kind curriculum) answers source weights and parameters through the registry', async () => {
    const created: unknown[] = [];
    const pkg = probePackage(
      'probe-curriculum',
      definePlugin<Curriculum, { from: number }>({
        manifest: { name: 'probe.rollouts_from', kind: 'curriculum', version: '1.0.0', description: 'rollouts join from a step on; no rewrites', options: z.strictObject({ from: z.number().int() }) },
        create: (o) => {
          created.push(o);
          return { name: 'probe.rollouts_from', sourceWeight: (s, step) => (s === 'rewrite' ? 0 : s === 'rollout' ? (step >= o.from ? 1 : 0) : 1), value: () => undefined };
        },
      }),
    );
    const config = mockRunConfig({ curriculum: { weights: {}, params: {}, plugin: { plugin: 'probe.rollouts_from', options: { from: 4 } } } });
    const handle = createRun(config, { plugins: [testingPlugins, pkg], runDir: dir });
    expect((await handle.result()).status).toBe('completed');
    expect(created).toEqual([{ from: 4 }]);
    const m = await readMetrics(path.join(dir, 'metrics.jsonl'));
    expect(m.every((r) => r.values['candidates/rewrite'] === undefined)).toBe(true);
    expect(m.map((r) => r.values['candidates/rollout'] ?? 0)).toEqual([0, 0, 0, 0, 12, 12]);
  });

  it('fails with a clear error, never a rejected promise', async () => {
    const { result, events } = await run(mockRunConfig({ policy: { plugin: 'mock.bigrm', options: {} } }), dir);
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/unknown policy plugin "mock.bigrm"[\s\S]*did you mean "mock.bigram"/);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
    const bad = await run(mockRunConfig({ window: { prefixMax: 2000 } }), path.join(dir, 'w'));
    expect(bad.result.error?.message).toMatch(/prefix_max \(2000\) \+ k \(16\) exceeds the model context/);
    const reward = await run(mockRunConfig({ reward: { kind: 'aspect', name: 'safety' } }), path.join(dir, 'r'));
    expect(reward.result.error?.message).toMatch(/reads aspect "safety" but no judge scores it/);
  });

  it('refuses to resume a run folder with a different recipe, naming the settings that changed', async () => {
    await run(mockRunConfig(), dir, { abortAfter: 2 });
    const { result } = await run(mockRunConfig({ train: { seed: 99 }, window: { k: 8 } }), dir);
    expect(result.error?.message).toMatch(/written by a different recipe/);
    expect(result.error?.message).toMatch(/got: config hash [0-9a-f]{12}; changed: train, window\n/);
    expect(result.error?.message).toContain('(eval, metrics, observers, checkpoint, pools settings may change between a run and its resume)');
  });

  it('resumes after a change to settings that do not shape training (eval, checkpoint cadence), same run as without the stop', async () => {
    const config = mockRunConfig();
    const full = await run(config, path.join(dir, 'full'));
    await run(config, dir, { abortAfter: 2 });
    const changed = { ...config, eval: { every: 0, prefixes: 4, against: 'start', seeds: 1 }, checkpoint: { ...config.checkpoint, every: 3 } };
    const { result, events } = await run(changed, dir);
    expect(result.error).toBeUndefined();
    expect(events.find((e) => e.type === 'run-start')).toMatchObject({ resumedFrom: 2 });
    expect(await comparableMetrics(path.join(dir, 'metrics.jsonl'))).toEqual(await comparableMetrics(path.join(dir, 'full', 'metrics.jsonl')));
    expect((await bigramWeights(result.checkpoints.start)).equals(await bigramWeights(full.result.checkpoints.start))).toBe(true);
  });

  it('falls back to the previous good checkpoint when the latest is corrupt, with a warning', async () => {
    const config = mockRunConfig({ checkpoint: { every: 2, keep: 0 } });
    const full = await run(config, path.join(dir, 'full'));
    await run(config, dir, { abortAfter: 4 });
    await writeFile(path.join(dir, 'checkpoints', 'step-00000004', 'policy', 'policy.f64'), 'garbage');
    const { result, events } = await run(config, dir);
    expect(events.find((e) => e.type === 'warning')).toMatchObject({
      code: 'checkpoint.corrupt',
      message: expect.stringMatching(/step-00000004 is corrupt or partial \(file policy\/policy\.f64 has 7 bytes/),
    });
    expect(events.find((e) => e.type === 'run-start')).toMatchObject({ resumedFrom: 2 });
    expect(result.status).toBe('completed');
    expect(await comparableMetrics(path.join(dir, 'metrics.jsonl'))).toEqual(await comparableMetrics(path.join(dir, 'full', 'metrics.jsonl')));
    expect((await bigramWeights(result.checkpoints.start)).equals(await bigramWeights(full.result.checkpoints.start))).toBe(true);
  });

  it('reads a JSONL corpus relative to the recipe, reporting malformed lines as warnings and metrics', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `the cat sat on the mat and the dog ran to see its friend number ${i}` }));
    lines.splice(3, 0, '{"text": broken');
    await writeFile(path.join(dir, 'corpus.jsonl'), `${lines.join('\n')}\n`);
    const config = mockRunConfig({ data: { plugin: 'jsonl', options: { path: '*.jsonl' } }, source: { file: path.join(dir, 'recipe.spt') } });
    const { result, events } = await run(config, path.join(dir, 'run'));
    expect(result.status).toBe('completed');
    expect(events.filter((e) => e.type === 'warning')).toEqual([
      { type: 'warning', code: 'data.malformed', message: expect.stringMatching(/^data jsonl: skipped malformed record at corpus\.jsonl:4: invalid JSON/) },
    ]);
    const m = await readMetrics(path.join(dir, 'run', 'metrics.jsonl'));
    expect(m[0].values['data/malformed']).toBe(1);
    expect(m.at(-1)?.values['data/documents']).toBe(24);
  });

  it('runs arms without shared phases, each from the initial weights', async () => {
    const config = mockRunConfig({ phases: [], arms: [{ name: 'a', phases: [{ name: 'x', steps: 2, objective: { kind: 'ntp' } }] }, { name: 'b', phases: [{ name: 'y', steps: 1, objective: { kind: 'rf_nll' } }] }] });
    const { result } = await run(config, dir);
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ status: 'completed', steps: 3 }); // 2 + 1: each arm's own steps
    expect(Object.keys(result.checkpoints)).toEqual(['start', 'a', 'b']);
    expect((await readMetrics(path.join(dir, 'arms', 'a', 'metrics.jsonl'))).map((r) => r.step)).toEqual([1, 2]);
  });
});
