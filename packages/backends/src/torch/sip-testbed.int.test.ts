/**
 * End to end: a short SIP recipe (.spt) on the testbed with `policy torch.llama` and the exact
 * testbed judges of the TF.js quick start, through the core run loop. Then the worker is made to
 * crash mid-run: the run fails with the Python-side story, its last checkpoint stays intact, and
 * resuming gives the same per-step metrics as the uninterrupted run.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry, createRun, isTimingMetric, readMetrics, SptError, type RunConfig } from '@spt/core';
import { compileRecipe } from '@spt/dsl';
import testbed from '@spt/testbed';
import backends from '@spt/backends';
import { skipPython } from './test-worker.test-util';

const RECIPE = `recipe torch_sip {
  use "@spt/testbed"
  data testbed { size: "tiny", seed: 1 }
  policy torch.llama { layers: 1, d_model: 32, heads: 4, context: 192, device: "cpu", threads: 1 }
  window { k: 16, prefix: 16..160 }
  candidates { original; rewrite testbed.oracle; rollouts 3 { temperature: 1.0 } }
  judge quality testbed.quality pairwise
  judge safety testbed.safety
  judge factuality testbed.factuality reference original
  reward = quality + safety + factuality
  objective online_dpo { beta: 0.1, reference: frozen, nll_alpha: 0.1 }
  train { steps: 6, batch: 4, lr: 3e-4 cosine warmup 2, seed: 7 }
  checkpoint every 2 { keep: 3 }
}
`;

function compile(): RunConfig {
  const registry = createRegistry([testbed, backends]);
  const { config, diagnostics } = compileRecipe(RECIPE, { file: 'torch-sip.spt', registry });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return config as RunConfig;
}

async function comparable(runDir: string) {
  return (await readMetrics(path.join(runDir, 'metrics.jsonl'))).map(({ time: _t, values, ...rest }) => ({
    ...rest,
    values: Object.fromEntries(Object.entries(values).filter(([k]) => !isTimingMetric(k))),
  }));
}

describe.skipIf(skipPython)('SIP on the testbed with the torch backend', () => {
  it('runs the recipe; a worker crash keeps the last checkpoint and resume matches the uninterrupted run', async () => {
    const config = compile();
    expect(config.policy.plugin).toBe('torch.llama');
    const root = mkdtempSync(path.join(os.tmpdir(), 'spt-torch-sip-'));

    const full = await createRun(config, { plugins: [testbed, backends], runDir: path.join(root, 'full') }).result();
    expect(full.error).toBeUndefined();
    expect(full.status).toBe('completed');
    expect(full.steps).toBe(6);
    const metrics = await comparable(path.join(root, 'full'));
    expect(metrics.length).toBeGreaterThanOrEqual(6);
    const steps = metrics.filter((m) => m.values.loss !== undefined);
    expect(steps.length).toBe(6);
    expect(steps.every((m) => Number.isFinite(m.values.loss) && Number.isFinite(m.values['update/dpo_margin']))).toBe(true);

    const cutDir = path.join(root, 'cut');
    process.env.SPT_TORCH_FAULT = 'crash:update@4';
    let crashed;
    try {
      crashed = await createRun(config, { plugins: [testbed, backends], runDir: cutDir }).result();
    } finally {
      delete process.env.SPT_TORCH_FAULT;
    }
    expect(crashed.status).toBe('failed');
    expect(SptError.is(crashed.error, 'backend.worker_crashed')).toBe(true);
    expect(crashed.error?.message).toContain('the torch worker exited with code 17 during update');
    expect(readdirSync(path.join(cutDir, 'checkpoints')).length).toBeGreaterThan(0);

    const resumed = await createRun(config, { plugins: [testbed, backends], runDir: cutDir }).result();
    expect(resumed.error).toBeUndefined();
    expect(resumed.status).toBe('completed');
    expect(await comparable(cutDir)).toEqual(metrics);
  }, 600_000);
});
