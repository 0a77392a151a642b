/**
 * The scheduler's own overhead: everything in a SIP step except time inside the policy backend,
 * the judges and the rewriter (windowing, pool assembly, dedup, cache keys, tournament and reward
 * maths, objective, metrics, JSONL, events), as a share of step time, on the quickstart-like
 * configuration (testbed data, oracle rewrite, 8 rollouts of 64 tokens, quality pairwise all-pairs
 * both orders + safety + factuality, batch 16, online DPO) with the TF.js backend, and the same
 * pool on the pure-JS bigram backend (a near-zero-cost backend: the harshest ratio).
 *
 * usage: packages/core/node_modules/.bin/tsx bench/core-overhead.ts [--steps 4] [--backend tfjs,bigram]
 * Judging runs with concurrency 1 so external time is the union of in-call intervals, measured by
 * wrapping the plugins; the first step (TF.js warm-up) is left out of the medians.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRun, type RunConfig } from '@spt/core';
import { createCallClock, testingPlugins, timingPlugins } from '@spt/core/testing';
import testbed from '@spt/testbed';
import backends from '@spt/backends';
import { testbedRunConfig } from '../packages/core/src/run/testbed-config';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const steps = Number(arg('steps', '4'));
const which = arg('backend', 'tfjs,bigram').split(',');

function quickstart(backend: string): RunConfig {
  const c = testbedRunConfig({ steps, rollouts: 8, batch: 16, dModel: 128, layers: 4, k: 64, every: 1000 });
  const policy = backend === 'tfjs' ? { plugin: 'tfjs.gpt', options: { layers: 4, d_model: 128, heads: 4, context: 256 } } : { plugin: 'mock.bigram', options: { max_context: 256 } };
  return {
    ...c,
    policy: { plugin: 'timed.policy', options: policy },
    window: { k: 64, prefixMin: 32, prefixMax: 192, perDocument: 1 },
    candidates: { ...c.candidates, rewrite: { plugin: 'timed.rewriter', options: { ...c.candidates.rewrite! } } },
    judges: c.judges.map((j) => ({ ...j, judge: { plugin: 'timed.judge', options: { ...j.judge } } })),
    judging: { concurrency: 1, maxAbstention: 0.5, cache: 'memory' },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[] = [];
for (const backend of which) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'spt-bench-core-'));
  const clock = createCallClock();
  const externalNow = () => clock.external();
  const perStep: Array<{ wall: number; external: number; calls: number }> = [];
  let last = { t: 0, ext: 0 };
  const handle = createRun(quickstart(backend), {
    plugins: [testbed, backends, testingPlugins, timingPlugins(clock)],
    runDir: dir,
    observers: [
      {
        onEvent(e) {
          if (e.type === 'phase-start') last = { t: performance.now(), ext: externalNow() };
          if (e.type === 'step') {
            const now = { t: performance.now(), ext: externalNow() };
            perStep.push({ wall: now.t - last.t, external: now.ext - last.ext, calls: e.metrics.values['judge/calls'] ?? 0 });
            last = now;
          }
        },
      },
    ],
  });
  const result = await handle.result();
  await rm(dir, { recursive: true, force: true });
  if (result.status !== 'completed') throw result.error ?? new Error(result.status);
  const measured = perStep.slice(1);
  const wall = median(measured.map((s) => s.wall));
  const overhead = measured.map((s) => s.wall - s.external);
  const share = measured.map((s) => (s.wall - s.external) / s.wall);
  rows.push(
    `| ${backend} | ${measured.length} | ${(wall / 1000).toFixed(2)} s | ${median(measured.map((s) => s.calls))} | ${median(overhead).toFixed(0)} ms | ${(100 * median(share)).toFixed(2)}% | ${(100 * Math.max(...share)).toFixed(2)}% |`,
  );
  console.error(`${backend}: in-call totals (ms) ${JSON.stringify(Object.fromEntries(Object.entries(clock.byKind).map(([k, v]) => [k, Math.round(v)])))}`);
}
console.log(`steps per backend: ${steps} (first left out), node ${process.version}, ${os.cpus().length} cores`);
console.log('| backend | steps | step time (median) | judge calls / step | scheduler overhead (median) | overhead share (median) | overhead share (max) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
