/**
 * Request order against a judge server with prefix caching: the same judging work (many windows,
 * each with many judge prompts sharing that window's long prefix) sent as issued, and with
 * `judging { warm_prefix: true }` (the first call of each window alone, the rest after it),
 * side by side in one process through the real judgePool, concurrency limit and prefix gate.
 *
 * The server is simulated, with the cost model of a prefix-caching engine (vLLM automatic prefix
 * caching, llama.cpp's slot cache): `slots` requests are served at once; a request costs
 * `prefill_ms` per prompt token not already cached plus `decode_ms` per output token; a window's
 * shared prefix becomes cached when a request carrying it finishes its prefill, and requests
 * already in flight when that happens pay for it again (engines do not share an in-flight prefill).
 *
 * usage: packages/core/node_modules/.bin/tsx bench/prefix-order.ts [--json] [--windows 32] [--per-window 36]
 *        [--prefix 800] [--suffix 80] [--out 8] [--slots 8] [--concurrency 32] [--prefill-ms 0.01] [--decode-ms 0.2]
 */
import pLimit from '../packages/core/node_modules/p-limit/index.js'; // core's own dependency
import { compileReward, createPrefixGate, emptyJudgingStats, judgePool, sumOfAspects, type Candidate, type JudgeConfig, type PointwiseJudge } from '@spt/core';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const json = process.argv.includes('--json');
const W = arg('windows', 32);
const N = arg('per-window', 36);
const PREFIX = arg('prefix', 800);
const SUFFIX = arg('suffix', 80);
const OUT = arg('out', 8);
const SLOTS = arg('slots', 8);
const C = arg('concurrency', 32);
const PREFILL = arg('prefill-ms', 0.01);
const DECODE = arg('decode-ms', 0.2);

/** The simulated server: `slots` at once, FIFO, prefix cache by window. */
function server() {
  const cached = new Set<string>();
  const queue: Array<() => void> = [];
  let busy = 0;
  const stats = { requests: 0, prefillTokens: 0, cachedPrefixes: 0 };
  const acquire = () => new Promise<void>((r) => (busy < SLOTS ? (busy++, r()) : queue.push(() => (busy++, r()))));
  const release = () => {
    busy--;
    queue.shift()?.();
  };
  return {
    stats,
    async complete(prefixKey: string): Promise<void> {
      await acquire();
      stats.requests++;
      const hit = cached.has(prefixKey);
      if (hit) stats.cachedPrefixes++;
      const tokens = (hit ? 0 : PREFIX) + SUFFIX;
      stats.prefillTokens += tokens;
      await new Promise((r) => setTimeout(r, tokens * PREFILL));
      cached.add(prefixKey); // prefill done: later requests with this prefix reuse it
      await new Promise((r) => setTimeout(r, OUT * DECODE));
      release();
    },
  };
}

const cfg: JudgeConfig = { aspect: 'safety', judge: { plugin: 'sim.safety', options: {} }, mode: 'pointwise', samples: 1, reference: false, pairing: 'all', order: 'both' };
const windows = Array.from({ length: W }, (_, w) => ({ docId: `d${w}`, index: 0, prefixTokens: [1], suffixTokens: [2], prefix: `window ${w} prefix`, suffix: 's' }));
const pools: Candidate[][] = windows.map((_, w) => Array.from({ length: N }, (_, i) => ({ id: `rollout:${i}`, source: 'rollout', text: `w${w} candidate ${i}`, tokens: [1] })));

async function measure(order: 'as-issued' | 'warm-prefix') {
  const sim = server();
  const judge: PointwiseJudge = { kind: 'pointwise', name: 'sim.safety', version: '1', judge: async (input) => (await sim.complete(input.prefix), { ok: true, score: 1 }) };
  const gate = order === 'warm-prefix' ? createPrefixGate() : undefined;
  const limit = pLimit(C);
  const t0 = performance.now();
  await Promise.all(
    windows.map((window, position) =>
      judgePool(window, pools[position], [{ config: cfg, judge }], compileReward(sumOfAspects(['safety'])), { seed: 1, step: 0, position, limit, timeoutMs: 0, stats: emptyJudgingStats(), ...(gate ? { gate } : {}) }),
    ),
  );
  const wall = (performance.now() - t0) / 1000;
  return { order, windows: W, per_window: N, requests: sim.stats.requests, prefill_tokens: sim.stats.prefillTokens, cached_share: sim.stats.cachedPrefixes / sim.stats.requests, wall_s: wall };
}

const rows = [];
for (const order of ['as-issued', 'warm-prefix', 'as-issued', 'warm-prefix'] as const) rows.push(await measure(order));
// The second pass of each order (the first warms up the process).
const [plain, warm] = rows.slice(2);
if (json) {
  for (const r of rows.slice(2)) console.log(JSON.stringify(r));
  console.log(JSON.stringify({ ratio_prefill_tokens: plain.prefill_tokens / warm.prefill_tokens, ratio_wall: plain.wall_s / warm.wall_s }));
} else {
  console.log(`${W} windows x ${N} judge prompts (prefix ${PREFIX} + ${SUFFIX} tokens, ${OUT} out), server ${SLOTS} slots, client concurrency ${C}`);
  for (const r of [plain, warm]) console.log(`${r.order.padEnd(12)} prefill tokens ${r.prefill_tokens}  cached prefixes ${(r.cached_share * 100).toFixed(1)}%  wall ${r.wall_s.toFixed(2)} s`);
  console.log(`warm-prefix: ${(plain.prefill_tokens / warm.prefill_tokens).toFixed(2)}x fewer prefill tokens, ${(plain.wall_s / warm.wall_s).toFixed(2)}x faster`);
}
