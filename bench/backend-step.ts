/**
 * The quick start's step time on each backend, side by side in one process: the quick-start model
 * (4 layers, d_model 128, 4 heads, context 256, bytes) and its SIP step (16 windows, original +
 * oracle rewrite + 4 rollouts of 64 tokens, exact testbed judges, online DPO), plus its NTP
 * pretraining step, on tfjs.gpt, torch.llama (1 rank) and torch.llama on 2 ranks (torchrun, gloo).
 * Only the policy line differs between the runs. Medians over the steps after the first (warm-up).
 *
 * usage: packages/core/node_modules/.bin/tsx bench/backend-step.ts [--steps 4] [--threads 2]
 *        [--backends tfjs,torch,torch2]
 * --threads is the CPU budget of each run: tfjs.gpt and 1-rank torch get all of it, each of the
 * 2 ranks gets half.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRegistry, createRun, readMetrics, type RunConfig } from '@spt/core';
import { compileRecipe } from '@spt/dsl';
import testbed from '@spt/testbed';
import backends from '@spt/backends';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const steps = Number(arg('steps', '4'));
const threads = Number(arg('threads', '2'));
const which = arg('backends', 'tfjs,torch,torch2').split(',');

const SHAPE = 'layers: 4, d_model: 128, heads: 4, context: 256';
const POLICIES: Record<string, string> = {
  tfjs: `tfjs.gpt { ${SHAPE}, threads: ${threads} }`,
  torch: `torch.llama { ${SHAPE}, device: "cpu", threads: ${threads} }`,
  torch2: `torch.llama { ${SHAPE}, device: "cpu", threads: ${Math.max(1, Math.floor(threads / 2))}, nproc_per_node: 2 }`,
};

const recipe = (policy: string, objective: string) => `recipe backend_step {
  use "@spt/testbed"
  data testbed { size: tiny, seed: 1 }
  policy ${policy}
  window { k: 64, prefix: 32..160 }
  candidates { original; rewrite testbed.oracle; rollouts 4 { temperature: 1.0, top_p: 1.0 } }
  judge quality testbed.quality pairwise
  judge safety testbed.safety
  judge factuality testbed.factuality { reference: original }
  reward = quality + safety + factuality
  objective ${objective}
  train { steps: ${steps}, batch: 16, lr: 3e-4, seed: 7 }
}
`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

async function measure(policy: string, objective: string) {
  const registry = createRegistry([testbed, backends]);
  const { config, diagnostics } = compileRecipe(recipe(policy, objective), { file: 'backend-step.spt', registry });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('\n'));
  const runDir = await mkdtemp(path.join(os.tmpdir(), 'spt-backend-step-'));
  try {
    const result = await createRun(config as RunConfig, { plugins: [testbed, backends], runDir }).result();
    if (result.error) throw result.error;
    const rows = (await readMetrics(path.join(runDir, 'metrics.jsonl'))).filter((m) => m.values['time/step'] !== undefined).slice(1);
    const pick = (k: string) => median(rows.map((m) => m.values[k] ?? 0));
    return { step: pick('time/step'), generation: pick('time/generation'), judging: pick('time/judging'), update: pick('time/update') };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

const objectives = { sip: 'online_dpo { beta: 0.1, reference: frozen, nll_alpha: 0.2 }', ntp: 'ntp' };
console.log(`quick-start step, ${steps} steps per run (median of steps 2..${steps}), CPU budget ${threads} threads, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
const results: Record<string, Record<string, Awaited<ReturnType<typeof measure>>>> = {};
for (const [obj, objective] of Object.entries(objectives)) {
  for (const b of which) {
    results[obj] ??= {};
    results[obj][b] = await measure(POLICIES[b], objective);
    const r = results[obj][b];
    console.error(`  ${obj} ${b}: step ${r.step.toFixed(2)} s`);
  }
}
const base = which[0];
console.log(`| step | backend | step s | generation s | judging s | update s | step / ${base} |`);
console.log('|---|---|---|---|---|---|---|');
for (const [obj, byBackend] of Object.entries(results)) {
  for (const [b, r] of Object.entries(byBackend)) {
    const f = (x: number) => x.toFixed(2);
    console.log(`| ${obj} | ${b} | ${f(r.step)} | ${f(r.generation)} | ${f(r.judging)} | ${f(r.update)} | ${(r.step / byBackend[base].step).toFixed(2)}x |`);
  }
}
