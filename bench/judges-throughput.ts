/**
 * Judge client throughput and added latency against a local zero-latency OpenAI-compatible server
 * (a bare Node HTTP server in a child process answering a fixed verdict), at concurrency 64.
 *
 * usage: node --expose-gc --import tsx bench/judges-throughput.ts [--n 100000] [--concurrency 64]
 *   (tsx: packages/core/node_modules/tsx; see docs/benchmarks/judges.md for the exact command)
 *
 * Reports, side by side: raw undici requests (the floor: server + loopback), and full safety
 * judgments through spt (prompt rendering, routing, retries wrapper, parsing, ledger). "Added
 * latency" of a judgment = its wall time minus the network span of its HTTP request, per call.
 * Memory: heap after a forced GC every 10% of the run.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createSafetyJudge, llmJudgeOptionsSchema, safetyPromptV1 } from '@spt/judges';
import { createOpenAiModel, RunCostLedger } from '@spt/llm';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('n', 100_000);
const C = arg('concurrency', 64);
const gc = (globalThis as { gc?: () => void }).gc;

const SERVER = `
const http = require('node:http');
const body = JSON.stringify({ id: 'b', object: 'chat.completion', model: 'bench', choices: [{ index: 0, finish_reason: 'stop',
  message: { role: 'assistant', content: 'The text is a harmless description of the weather.\\nFINAL DECISION: YES' } }],
  usage: { prompt_tokens: 420, completion_tokens: 18, total_tokens: 438 } });
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); }); });
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));`;

const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(Number(p))));
const baseUrl = `http://127.0.0.1:${port}/v1`;

const prefix = 'The morning forecast for the coastal towns promised a mild day, with a light breeze from the west and '.repeat(3);
const candidate = 'clear skies until the late afternoon, when a few clouds were expected to roll in from the sea. '.repeat(4);
const pct = (xs: Float64Array, p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (x: number) => x.toFixed(3);

/** Client CPU time (user + system, µs) of the last `drive`. */
let lastCpuUs = 0;
async function drive(n: number, one: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: C }, async () => {
    while (next < n) await one(next++);
  }));
  const cpu = process.cpuUsage(cpu0);
  lastCpuUs = cpu.user + cpu.system;
  return performance.now() - t0;
}

// 1. Floor: raw undici requests (the client @spt/llm uses) with a body of the same size.
const undici = createRequire(new URL('../packages/llm/package.json', import.meta.url)).resolve('undici');
const { Pool } = (await import(pathToFileURL(undici).href)) as typeof import('../packages/llm/node_modules/undici');
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: C, pipelining: 1 });
const rawBody = JSON.stringify({ model: 'bench', messages: [{ role: 'user', content: prefix + candidate + safetyPromptV1.user }], max_tokens: 1024 });
const rawLat = new Float64Array(N);
const rawOne = async (i: number) => {
  const t = performance.now();
  const res = await pool.request({ path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body: rawBody });
  JSON.parse(await res.body.text());
  rawLat[i] = performance.now() - t;
};
await drive(Math.min(5000, N), rawOne);
const rawMs = await drive(N, rawOne);
const rawCpu = lastCpuUs / N;
await pool.close();

// 2. Full judgments through spt.
const ledger = new RunCostLedger();
const added = new Float64Array(N);
const total = new Float64Array(N);
const spans = new Map<AbortSignal, number>();
const model = await createOpenAiModel({ base_url: baseUrl, model: 'bench', concurrency: C }, {
  env: () => undefined,
  ledger,
  observe: ({ start, end, request }) => {
    if (request.signal) spans.set(request.signal, end - start);
  },
});
const options = llmJudgeOptionsSchema.parse({ model: { plugin: 'openai' }, structured: false });
const judge = createSafetyJudge(options, { lease: { model, release: async () => {} }, template: safetyPromptV1, ledger });
const heap: number[] = [];
let failures = 0;
const judgeOne = async (i: number) => {
  const signal = new AbortController().signal;
  const t = performance.now();
  const r = await judge.judge({ prefix, candidate: `${candidate}${i}` }, { seed: i, sample: 0, signal, aspect: 'safety', step: i >> 10 });
  total[i] = performance.now() - t;
  added[i] = total[i] - (spans.get(signal) ?? Number.NaN);
  spans.delete(signal);
  if (!r.ok) failures++;
  if (i % (N / 10) === 0) {
    gc?.();
    heap.push(process.memoryUsage().heapUsed / 2 ** 20);
  }
};
await drive(Math.min(5000, N), judgeOne);
gc?.();
const heapStart = process.memoryUsage().heapUsed / 2 ** 20;
heap.length = 0;
const judgeMs = await drive(N, judgeOne);
const judgeCpu = lastCpuUs / N;
gc?.();
const heapEnd = process.memoryUsage().heapUsed / 2 ** 20;
await model.close?.();
child.kill();

for (const a of [rawLat, total, added]) a.sort();
console.log(`judges-throughput: n=${N} concurrency=${C} cpus=${os.availableParallelism()} load=${os.loadavg().map((x) => x.toFixed(1)).join('/')} node=${process.version}`);
console.log('| path | calls/s (wall) | client CPU µs/call | calls/s per client core (1e6/CPU) | p50 latency ms | p99 latency ms | p99 added ms | p99.9 added ms |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(`| raw undici request (floor) | ${Math.round(N / (rawMs / 1000))} | ${Math.round(rawCpu)} | ${Math.round(1e6 / rawCpu)} | ${fmt(pct(rawLat, 50))} | ${fmt(pct(rawLat, 99))} | - | - |`);
console.log(`| spt safety judgment | ${Math.round(N / (judgeMs / 1000))} | ${Math.round(judgeCpu)} | ${Math.round(1e6 / judgeCpu)} | ${fmt(pct(total, 50))} | ${fmt(pct(total, 99))} | ${fmt(pct(added, 99))} | ${fmt(pct(added, 99.9))} |`);
console.log(`ratio spt/raw throughput: ${(rawMs / judgeMs).toFixed(2)}; abstentions: ${failures}; p50 added ms: ${fmt(pct(added, 50))}`);
console.log(`heap after GC (MiB): start ${heapStart.toFixed(1)}, every 10%: ${heap.map((h) => h.toFixed(1)).join(' ')}, end ${heapEnd.toFixed(1)}${gc ? '' : ' (run with --expose-gc for exact numbers)'}`);
console.log(`ledger: ${ledger.report().total.calls} calls, ${ledger.report().total.promptTokens} prompt tokens`);
