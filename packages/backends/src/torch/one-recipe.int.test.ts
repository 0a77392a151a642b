/**
 * One recipe, either backend: a quick-start-shaped recipe (NTP pretraining, then a SIP arm with
 * online DPO and a continued-NTP arm) whose policy line alone
 * switches between tfjs.gpt, torch.llama and torch.llama on 2 ranks under torchrun. Every run
 * completes with the same steps and metric names, and a fresh model's first NTP loss is the same
 * quantity on each backend (the mean NLL of tokens 2..n, about ln 257 for a near-uniform start).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry, createRun, isTimingMetric, readMetrics, type RunConfig } from '@spt/core';
import { compileRecipe } from '@spt/dsl';
import testbed from '@spt/testbed';
import backends from '@spt/backends';
import { skipPython } from './test-worker.test-util';

const SHAPE = 'layers: 1, d_model: 32, heads: 4, context: 192';
const POLICIES = {
  'tfjs.gpt': `tfjs.gpt { ${SHAPE} }`,
  'torch.llama': `torch.llama { ${SHAPE}, device: "cpu", threads: 1 }`,
  'torch.llama, 2 ranks': `torch.llama { ${SHAPE}, device: "cpu", threads: 1, nproc_per_node: 2 }`,
};

const recipe = (policy: string) => `recipe one_recipe {
  use "@spt/testbed"
  data testbed { size: tiny, seed: 1 }
  policy ${policy}
  window { k: 16, prefix: 16..160 }
  candidates { original; rewrite testbed.oracle; rollouts 2 { temperature: 1.0, top_p: 1.0 } }
  judge quality testbed.quality pairwise
  judge safety testbed.safety
  judge factuality testbed.factuality { reference: original }
  reward = quality + safety + factuality
  train { batch: 4, lr: 3e-4, seed: 7 }
  phase pretrain { steps: 2  objective ntp  lr: 2e-3 }
  arm sip { steps: 2  objective online_dpo { beta: 0.1, reference: frozen, nll_alpha: 0.2 } }
  arm ntp { steps: 2  objective ntp }
}
`;

async function run(policy: string, root: string, name: string) {
  const registry = createRegistry([testbed, backends]);
  const { config, diagnostics } = compileRecipe(recipe(policy), { file: `${name}.spt`, registry });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const runDir = path.join(root, name.replace(/[^a-z0-9]+/gi, '-'));
  const result = await createRun(config as RunConfig, { plugins: [testbed, backends], runDir }).result();
  expect(result.error).toBeUndefined();
  expect(result.status).toBe('completed');
  // The pretrain phase writes the run's metrics.jsonl, each arm its own under arms/<arm>/.
  const files = ['metrics.jsonl', 'arms/sip/metrics.jsonl', 'arms/ntp/metrics.jsonl'];
  const metrics = (await Promise.all(files.map((f) => readMetrics(path.join(runDir, f))))).flat();
  const steps = metrics.filter((m) => m.values.loss !== undefined);
  const names = [...new Set(steps.flatMap((m) => Object.keys(m.values).filter((k) => !isTimingMetric(k))))].sort();
  return { steps, names };
}

describe.skipIf(skipPython)('one recipe, either backend: only the policy line changes', () => {
  it('tfjs.gpt, torch.llama and torch.llama on 2 ranks run the same quick-start-shaped recipe', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'spt-one-recipe-'));
    const runs = [];
    for (const [name, policy] of Object.entries(POLICIES)) runs.push({ name, ...(await run(policy, root, name)) });
    for (const r of runs) {
      // 2 pretrain steps, then 2 steps in each of the two arms.
      expect(r.steps.length, r.name).toBe(6);
      expect(r.steps.every((m) => Number.isFinite(m.values.loss)), r.name).toBe(true);
      expect(r.steps.some((m) => Number.isFinite(m.values['update/dpo_margin'])), `${r.name}: a DPO step`).toBe(true);
      // The first step is NTP on a fresh model: tokens 2..n scored, near-uniform over 257 ids.
      expect(Math.abs(r.steps[0].values.loss - Math.log(257)), `${r.name}: first NTP loss ${r.steps[0].values.loss}`).toBeLessThan(0.3);
    }
    // The same metric names wherever the backend does not name its own extras.
    const core = (names: string[]) => names.filter((k) => !k.startsWith('update/'));
    for (const r of runs.slice(1)) expect(core(r.names), r.name).toEqual(core(runs[0].names));
  }, 900_000);
});
