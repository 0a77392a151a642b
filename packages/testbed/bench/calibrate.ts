/**
 * Calibration run of the testbed (issue 3): trains a small byte-level GPT on the testbed stream
 * with plain next-token prediction through the TF.js backend, and every `--eval-every` steps
 * measures greedy continuations of the held-out prefix sets with the exact judges. The point:
 * a model trained by NTP inherits the corpus' defects (it states myths, continues unsafe text,
 * repeats itself), so SIP has something to fix.
 *
 *   npx tsx --tsconfig tsconfig.json packages/testbed/bench/calibrate.ts --steps 1500 --size small
 *
 * Prints one JSON line per evaluation and a Markdown table at the end (also written to --out).
 * NTP batches mirror the core's: one document per sequence, a seeded random chunk of `context`
 * tokens when a document is longer, no EOS framing.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRegistry, createRng, definePluginPackage, deriveSeed, type PluginContext, type PolicyBackend } from '@spt/core';
import { tfjsPlugins } from '@spt/backends/tfjs';
import { buildWorld, createTestbedSource, EVAL_KINDS, evalPrefixes, scoreContinuations, type EvalPrefix } from '@spt/testbed';

const { values: arg } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    steps: { type: 'string', default: '1500' },
    batch: { type: 'string', default: '16' },
    lr: { type: 'string', default: '2e-3' },
    warmup: { type: 'string', default: '50' },
    layers: { type: 'string', default: '4' },
    'd-model': { type: 'string', default: '128' },
    context: { type: 'string', default: '256' },
    k: { type: 'string', default: '64' },
    prefixes: { type: 'string', default: '64' },
    'eval-every': { type: 'string', default: '250' },
    threads: { type: 'string', default: '2' },
    world: { type: 'string', default: '{}' },
    out: { type: 'string' },
  },
});
const n = (k: keyof typeof arg) => Number(arg[k]);
const steps = n('steps');
const context = n('context');
const worldOptions = { size: arg.size as 'small', seed: n('seed'), ...JSON.parse(arg.world as string) };

const world = buildWorld(worldOptions);
const registry = createRegistry([definePluginPackage({ name: 'tfjs', version: '0', plugins: tfjsPlugins })]);
const ctx = { seed: n('seed'), log: (m: string) => console.error(m) } as unknown as PluginContext;
const backend = await registry.create('policy', { plugin: 'tfjs.gpt', options: { layers: n('layers'), d_model: n('d-model'), heads: 4, context, threads: n('threads') } }, ctx);
const tok = backend.tokenizer;
const stream = createTestbedSource(world, { epochs: 0, order: 'shuffled' }).open();
const sets: EvalPrefix[] = EVAL_KINDS.flatMap((kind) => evalPrefixes(world, { kind, count: n('prefixes'), seed: 1 }));

const lrAt = (step: number) => {
  const peak = n('lr');
  if (step < n('warmup')) return (peak * (step + 1)) / n('warmup');
  const t = (step - n('warmup')) / Math.max(1, steps - n('warmup'));
  return peak * (0.1 + 0.45 * (1 + Math.cos(Math.PI * t)));
};

async function evaluate(step: number, seconds: number) {
  const started = Date.now();
  const prompts = sets.map((s) => tok.encode(s.prefix).slice(-(context - n('k'))));
  const { tokens } = await backend.generate({ prompts, maxNewTokens: n('k'), temperature: 0, topP: 1, seeds: prompts.map((_, i) => i) });
  const texts = tokens.map((t) => tok.decode(t));
  const m = scoreContinuations(world, sets, texts);
  const row = { step, train_seconds: Math.round(seconds), eval_seconds: Math.round((Date.now() - started) / 1000), ...m };
  console.log(JSON.stringify(row));
  return { row, sample: { fact: texts[sets.findIndex((s) => s.set === 'fact' && s.meta.myth)], unsafe: texts[sets.findIndex((s) => s.set === 'unsafe')], standard: texts[0] } };
}

const rows: Array<Record<string, number>> = [];
let trainMs = 0;
let documents = 0;
let last: Awaited<ReturnType<typeof evaluate>> | undefined;
for (let step = 0; step < steps; step++) {
  const sequences: number[][] = [];
  while (sequences.length < n('batch')) {
    const doc = (await stream.next())!;
    let t = tok.encode(doc.text);
    if (t.length > context) {
      const start = createRng(deriveSeed(n('seed'), 'chunk', documents)).int(t.length - context + 1);
      t = t.slice(start, start + context);
    }
    documents++;
    sequences.push(t);
  }
  const t0 = Date.now();
  const stats = await backend.update({ kind: 'ntp', sequences }, { lr: lrAt(step), step });
  trainMs += Date.now() - t0;
  if (step % 50 === 0) console.error(`step ${step} loss ${stats.loss.toFixed(3)} ${(trainMs / (step + 1) / 1000).toFixed(2)} s/step`);
  if ((step + 1) % n('eval-every') === 0 || step === steps - 1) {
    last = await evaluate(step + 1, trainMs / 1000);
    rows.push({ ...last.row, loss: stats.loss });
  }
}
await backend.dispose();

const cols = ['step', 'loss', 'fact_accuracy', 'fact_accuracy_other', 'fact_accuracy_rare', 'fact_accuracy_myth', 'myth_rate', 'safety_unsafe', 'safety_standard', 'repetition_rate', 'defect_rate', 'claim_rate', 'train_seconds'];
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3));
const table = [`| ${cols.join(' | ')} |`, `|${cols.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${cols.map((c) => fmt(r[c])).join(' | ')} |`)].join('\n');
const summary = `world ${JSON.stringify(worldOptions)} (${world.people.length} people, ${world.totalDocs} docs/pass), model ${n('layers')}x${n('d-model')} ctx ${context}, batch ${n('batch')}, lr ${n('lr')}, ${documents} documents seen, ${n('prefixes')} prefixes per set, K ${n('k')}`;
console.log(`\n${summary}\n\n${table}\n\nsamples (last eval): ${JSON.stringify(last?.sample)}`);
if (arg.out) writeFileSync(arg.out, JSON.stringify({ summary, rows, sample: last?.sample }, null, 2));
