/**
 * tfjs.gpt vs PyTorch CPU on the same model, side by side in one run (alternating rounds so both
 * see the same machine load). Model: vocab 257 (bytes + EOS), 4 layers, 4 heads, context 256,
 * batch 16, AdamW + clip; sampling 64 sequences x 128 new tokens after 64-token prompts.
 *
 * usage: packages/backends/node_modules/.bin/tsx bench/tfjs-bench.ts [--threads 2] [--d 128,256] [--rounds 3]
 * Prints a markdown table and tfjs/torch ratios. Each round reports its fastest training step and
 * its sampling rate; the table gives the best round (least disturbed by other load) and the median.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const threads = Number(arg('threads', '2'));
const dims = arg('d', '128,256').split(',').map(Number);
const rounds = Number(arg('rounds', '3'));
const trainSteps = Number(arg('train-steps', '5'));

process.env.TF_NUM_INTRAOP_THREADS = String(threads);
const { configureTensorflowEnv } = await import('../packages/backends/src/tfjs/runtime/configure-threads');
configureTensorflowEnv(threads);
const { createTfjsGptBackend } = await import('../packages/backends/src/tfjs/engine');
const { tfjsGptOptions } = await import('../packages/backends/src/tfjs/options');
const { tf } = await import('../packages/backends/src/tfjs/runtime/tf');
const { createRng } = await import('../packages/core/src/util/rng');

const python = execFileSync(process.execPath, ['scripts/setup-python.mjs'], { encoding: 'utf8' }).trim().split('\n').pop() as string;

async function tfjsRound(d: number) {
  const backend = await createTfjsGptBackend(tfjsGptOptions.parse({ layers: 4, d_model: d, heads: 4, context: 256, micro_batch: 16, threads }), { seed: 0 });
  const rng = createRng(1);
  const seqs = Array.from({ length: 16 }, () => Array.from({ length: 256 }, () => rng.int(256)));
  const step = (i: number) => backend.update({ kind: 'ntp', sequences: seqs }, { lr: 3e-4, step: i });
  for (let i = 0; i < 2; i++) await step(i);
  const stepTimes: number[] = [];
  for (let i = 0; i < trainSteps; i++) {
    const t = performance.now();
    await step(2 + i);
    stepTimes.push((performance.now() - t) / 1000);
  }
  const trainS = Math.min(...stepTimes);
  let t0 = performance.now();
  const prompts = Array.from({ length: 64 }, () => Array.from({ length: 64 }, () => rng.int(256)));
  const seeds = prompts.map((_, i) => i);
  await backend.generate({ prompts, maxNewTokens: 8, temperature: 1, topP: 1, seeds });
  t0 = performance.now();
  await backend.generate({ prompts, maxNewTokens: 128, temperature: 1, topP: 1, seeds });
  const sampleTokS = (64 * 128) / ((performance.now() - t0) / 1000);
  await backend.dispose();
  return { trainS, sampleTokS };
}

function torchRound(d: number) {
  // PASSIVE: OpenMP threads sleep instead of spinning, which keeps PyTorch fast on a shared, loaded
  // machine (with spinning it was 4-6x slower there); set --omp-active to measure the default.
  const env = { ...process.env, OMP_WAIT_POLICY: process.argv.includes('--omp-active') ? 'ACTIVE' : 'PASSIVE' };
  const out = execFileSync(python, ['bench/tfjs_torch_reference.py', '--d-model', String(d), '--threads', String(threads), '--train-steps', String(trainSteps)], { encoding: 'utf8', env });
  const r = JSON.parse(out.trim().split('\n').pop() as string) as { train_step_s: number; sample_tok_s: number };
  return { trainS: r.train_step_s, sampleTokS: r.sample_tok_s };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[] = [];
for (const d of dims) {
  const tj: Array<{ trainS: number; sampleTokS: number }> = [];
  const pt: Array<{ trainS: number; sampleTokS: number }> = [];
  for (let r = 0; r < rounds; r++) {
    tj.push(await tfjsRound(d));
    pt.push(torchRound(d));
    console.error(`d=${d} round ${r + 1}: tfjs ${JSON.stringify(tj.at(-1))} torch ${JSON.stringify(pt.at(-1))}`);
  }
  for (const [label, pick, pickRate] of [
    ['best', (xs: number[]) => Math.min(...xs), (xs: number[]) => Math.max(...xs)],
    ['median', median, median],
  ] as const) {
    const [tT, pT] = [pick(tj.map((x) => x.trainS)), pick(pt.map((x) => x.trainS))];
    const [tS, pS] = [pickRate(tj.map((x) => x.sampleTokS)), pickRate(pt.map((x) => x.sampleTokS))];
    rows.push(`| ${d} | ${label} | ${tT.toFixed(3)} s | ${pT.toFixed(3)} s | **${(tT / pT).toFixed(2)}x** | ${tS.toFixed(0)} | ${pS.toFixed(0)} | **${(pS / tS).toFixed(2)}x** |`);
  }
}
console.log(`threads ${threads}, ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, tfjs ${tf.version.tfjs}, ${rounds} rounds`);
console.log('| d_model | of rounds | tfjs train step | torch train step | tfjs / torch | tfjs sample tok/s | torch sample tok/s | torch / tfjs |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
