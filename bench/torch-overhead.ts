/**
 * The torch worker's own overhead per call: what a SIP step pays for running PyTorch in a worker
 * (JSON encoding on both sides, the unix socket, request checks and dispatch) instead of calling
 * the same engine in-process. Model: the quick start's (4 layers, d_model 128, 4 heads, context
 * 256, byte vocabulary). One step = generate 16 prefixes x 8 rollouts x 64 tokens + one DPO update
 * on 16 pairs, the quick start's shapes.
 *
 * The overhead of a call is its TS round trip minus the worker's own time for the op (request
 * checks and the engine's compute, which an in-process engine pays too), measured on the same
 * call. As a cross-check, the same requests (written to a JSON file) are timed in-process in Python
 * (bench/torch_overhead_ref.py: the Engine called directly, no worker), alternating rounds; on a
 * loaded machine that difference is dominated by noise. Last, `ping` with a GPU-scale payload
 * (64 x 2048 token ids) gives the transport cost of a large batch.
 *
 * usage: packages/backends/node_modules/.bin/tsx bench/torch-overhead.ts [--threads 2] [--rounds 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const threads = Number(arg('threads', '2'));
const rounds = Number(arg('rounds', '3'));
process.env.OMP_WAIT_POLICY = 'PASSIVE'; // both sides; see bench/tfjs-bench.ts

const { createRng } = await import('../packages/core/src/util/rng');
const { torchLlamaOptions } = await import('../packages/backends/src/torch/options');
const { createTorchBackend } = await import('../packages/backends/src/torch/create-backend');
const python = execFileSync(process.execPath, ['scripts/setup-python.mjs'], { encoding: 'utf8' }).trim().split('\n').pop() as string;

// The quick start's step shapes.
const rng = createRng(3);
const tokens = (n: number) => Array.from({ length: n }, () => rng.int(256));
const prefixes = Array.from({ length: 16 }, () => tokens(32 + rng.int(160)));
const generate = { prompts: prefixes.flatMap((p) => Array(8).fill(p)), maxNewTokens: 64, temperature: 1, topP: 1, seeds: Array.from({ length: 128 }, (_, i) => i) };
const dpo = { kind: 'dpo' as const, beta: 0.1, nllAlpha: 0.1, pairs: prefixes.map((p) => ({ prompt: p, chosen: tokens(64), rejected: tokens(64) })) };
const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-torch-overhead-'));
writeFileSync(path.join(dir, 'requests.json'), JSON.stringify({ generate, dpo }));
const model = { layers: 4, d_model: 128, heads: 4, context: 256 };
const big = Array.from({ length: 64 }, () => tokens(2048));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function viaWorker() {
  const o = torchLlamaOptions.parse({ ...model, device: 'cpu', threads, python });
  const backend = await createTorchBackend('torch.llama', o, { seed: 0, log: () => {} });
  await backend.generate({ ...generate, maxNewTokens: 4 });
  await backend.update(dpo, { lr: 0, step: 0 });
  backend.calls.length = 0;
  const t0 = performance.now();
  await backend.generate(generate);
  await backend.update(dpo, { lr: 3e-4, step: 1 });
  const stepMs = performance.now() - t0;
  const calls = backend.calls.map((c) => ({ op: c.op, roundTripMs: c.roundTripMs, workerMs: c.workerMs }));
  const client = (backend as unknown as { client: { call(op: string, f: object): Promise<{ timing: { roundTripMs: number } }> } }).client;
  const pings: number[] = [];
  for (let i = 0; i < 5; i++) pings.push((await client.call('ping', { payload: big })).timing.roundTripMs);
  await backend.dispose();
  return { stepMs, calls, pingMs: median(pings) };
}

function inProcess() {
  const out = execFileSync(python, ['bench/torch_overhead_ref.py', path.join(dir, 'requests.json'), '--threads', String(threads)], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: 'packages/backends/python' },
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as { generate_ms: number; update_ms: number };
}

const rows: Array<{ ref: { generate_ms: number; update_ms: number }; w: Awaited<ReturnType<typeof viaWorker>> }> = [];
for (let r = 0; r < rounds; r++) {
  const ref = inProcess();
  const w = await viaWorker();
  rows.push({ ref, w });
  console.error(`round ${r + 1}: in-process ${JSON.stringify(ref)} worker ${JSON.stringify(w.calls.map((c) => [c.op, Math.round(c.roundTripMs), Math.round(c.workerMs)]))}`);
}
const refStep = median(rows.map((x) => x.ref.generate_ms + x.ref.update_ms));
const workerStep = median(rows.map((x) => x.w.stepMs));
const line = (op: string, refKey: 'generate_ms' | 'update_ms') => {
  const rt = median(rows.map((x) => x.w.calls.find((c) => c.op === op)?.roundTripMs ?? NaN));
  const wk = median(rows.map((x) => x.w.calls.find((c) => c.op === op)?.workerMs ?? NaN));
  const over = median(rows.map((x) => ((c) => (c ? c.roundTripMs - c.workerMs : NaN))(x.w.calls.find((c) => c.op === op))));
  const ref = median(rows.map((x) => x.ref[refKey]));
  return `| ${op} | ${wk.toFixed(0)} ms | ${rt.toFixed(0)} ms | ${over.toFixed(1)} ms | **${((100 * over) / workerStep).toFixed(2)}%** | ${ref.toFixed(0)} ms |`;
};
console.log(`threads ${threads}, ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(1)}, ${rounds} rounds (medians); step via worker ${workerStep.toFixed(0)} ms, in-process ${refStep.toFixed(0)} ms`);
console.log('| call | worker op time | TS round trip | overhead (round trip - op) | overhead / step | in-process Python (cross-check) |');
console.log('|---|---|---|---|---|---|');
console.log(line('generate', 'generate_ms'));
console.log(line('update', 'update_ms'));
console.log(`ping with 64 x 2048 token ids (${(JSON.stringify(big).length / 1e6).toFixed(2)} MB of JSON): ${median(rows.map((x) => x.w.pingMs)).toFixed(1)} ms round trip`);
