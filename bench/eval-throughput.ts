/**
 * Evaluation throughput of `spt eval` with the judged suite: how close the judging gets to the
 * bound a concurrency limit sets (concurrency / latency judgments per second) against judges with
 * a fixed latency, as a judge server under light load behaves.
 *
 * One process: a small run (mock.bigram policy, a JSON Lines corpus with documents held out, arms
 * sip and ntp) is trained once, then `runEval` scores its three models (start, sip, ntp) on held-out
 * prefixes at each concurrency given, with simulated judges that answer after `--latency` ms:
 * a pointwise safety judge (the original suffix is judged too), a pointwise factuality judge
 * against the reference, and a pairwise quality judge (each arm vs start, sip vs ntp, both orders).
 * No judgment cache, so every judgment is a call.
 *
 * Prints per concurrency: judge calls, the judging span (first call asked to last answered) and
 * the whole evaluation's wall time, judgments/s over each, and their share of the bound.
 *
 * usage: packages/core/node_modules/.bin/tsx bench/eval-throughput.ts [--prefixes 256] [--latency 50] [--concurrency 8,32] [--json]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { corePlugins, createRegistry, definePlugin, definePluginPackage, type PairwiseJudge, type PointwiseJudge } from '@spt/core';
import { testingPlugins } from '@spt/core/testing';
import { runCli, runEval } from '@spt/cli';
import { compileRecipe } from '@spt/dsl';

// zod as core resolves it (one instance; the bench has no package.json of its own).
const { z } = createRequire(new URL('../packages/core/package.json', import.meta.url))('zod') as {
  z: { strictObject(shape: Record<string, never>): Parameters<typeof definePlugin>[0]['manifest']['options'] };
};

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const PREFIXES = Number(arg('prefixes', '256'));
const LATENCY = Number(arg('latency', '50'));
const LIMITS = arg('concurrency', '8,32').split(',').map(Number);
const json = process.argv.includes('--json');

/** Calls asked, and the judging span: first call asked to last call answered. */
const calls = { n: 0, first: Number.POSITIVE_INFINITY, last: 0 };
const answerAfterLatency = async <T>(value: T): Promise<T> => {
  calls.n++;
  calls.first = Math.min(calls.first, performance.now());
  await new Promise((r) => setTimeout(r, LATENCY));
  calls.last = Math.max(calls.last, performance.now());
  return value;
};
// Deterministic verdicts from the text (their values do not matter here, only that they vary).
const parity = (s: string) => [...s].reduce((a, c) => a + c.charCodeAt(0), 0) % 2;

const sim = definePluginPackage({
  name: 'bench-sim-judges',
  version: '0.0.0',
  plugins: [
    ...['sim.safety', 'sim.factuality'].map((name) =>
      definePlugin({
        manifest: { name, kind: 'judge', version: '0.0.0', description: `pointwise, answers after ${LATENCY} ms`, judge: { modes: ['pointwise'] }, options: z.strictObject({}) },
        create: (): PointwiseJudge => ({ name, version: '0.0.0', kind: 'pointwise', judge: (input) => answerAfterLatency({ ok: true as const, score: parity(input.candidate) }) }),
      }),
    ),
    definePlugin({
      manifest: { name: 'sim.quality', kind: 'judge', version: '0.0.0', description: `pairwise, answers after ${LATENCY} ms`, judge: { modes: ['pairwise'] }, options: z.strictObject({}) },
      create: (): PairwiseJudge => ({
        name: 'sim.quality',
        version: '0.0.0',
        kind: 'pairwise',
        compare: (input) => answerAfterLatency({ ok: true as const, winner: parity(input.first + input.second) ? ('first' as const) : ('second' as const) }),
      }),
    }),
  ],
});

const dir = mkdtempSync(path.join(tmpdir(), 'spt-bench-eval-'));
const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'theta', 'lambda', 'zeta'];
const docs = Array.from({ length: 4000 }, (_, i) => JSON.stringify({ id: `d${i}`, text: Array.from({ length: 24 }, (_, j) => words[(i * 7 + j * 3 + (i >> 3)) % words.length]).join(' ') }));
writeFileSync(path.join(dir, 'corpus.jsonl'), `${docs.join('\n')}\n`);
const recipe = `recipe bench_eval {
  data jsonl { path: "corpus.jsonl", id_field: "id", holdout: 0.2, repeat: true }
  policy mock.bigram { seed: 1 }
  window { k: 8, prefix: 8..24 }
  candidates { original; rollouts 2 }
  judge quality sim.quality pairwise
  judge safety sim.safety
  judge factuality sim.factuality reference original
  reward = quality + safety + factuality
  judging { concurrency: 32, cache: none }
  train { batch: 2, lr: 1.0, seed: 3 }
  arm sip { steps: 1
    objective online_dpo { beta: 0.5 } }
  arm ntp { steps: 1
    objective ntp }
  eval { prefixes: 2, against: start }
}
`;
writeFileSync(path.join(dir, 'bench.spt'), recipe);
const plugins = [corePlugins, testingPlugins, sim];

try {
  const runDir = path.join(dir, 'run');
  const err: string[] = [];
  const code = await runCli(['run', 'bench.spt', '--run-dir', runDir], {
    out: () => {},
    err: (t) => err.push(t),
    isTTY: false,
    cwd: dir,
    loadPlugins: async () => plugins,
    onInterrupt: () => () => {},
    exitNow: (c) => {
      throw new Error(`exit ${c}`);
    },
  });
  if (code !== 0) throw new Error(`training the bench run failed (exit ${code}):\n${err.join('\n')}`);

  const registry = createRegistry(plugins);
  const compiled = compileRecipe(recipe, { registry, file: path.join(dir, 'bench.spt') });
  if (!compiled.config) throw new Error(`recipe: ${JSON.stringify(compiled.diagnostics)}`);
  const rows = [];
  for (const limit of LIMITS) {
    Object.assign(calls, { n: 0, first: Number.POSITIVE_INFINITY, last: 0 });
    const config = { ...compiled.config, judging: { ...compiled.config.judging, concurrency: limit } };
    const began = performance.now();
    await runEval({ config, registry, runDir, prefixes: PREFIXES, seeds: 1 });
    const wall = (performance.now() - began) / 1000;
    const span = (calls.last - calls.first) / 1000;
    const bound = limit / (LATENCY / 1000);
    rows.push({ concurrency: limit, calls: calls.n, spanS: span, wallS: wall, perSecSpan: calls.n / span, perSecWall: calls.n / wall, bound, shareSpan: calls.n / span / bound, shareWall: calls.n / wall / bound });
  }
  if (json) console.log(JSON.stringify({ prefixes: PREFIXES, latencyMs: LATENCY, rows }, null, 2));
  else {
    console.log(`judged eval, 3 models, ${PREFIXES} prefixes, judges answering after ${LATENCY} ms, no cache`);
    console.log('| concurrency | judge calls | judging span s | eval wall s | judgments/s (span) | judgments/s (wall) | bound /s | share of bound (span) | share of bound (wall) |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      console.log(`| ${r.concurrency} | ${r.calls} | ${r.spanS.toFixed(2)} | ${r.wallS.toFixed(2)} | ${r.perSecSpan.toFixed(1)} | ${r.perSecWall.toFixed(1)} | ${r.bound.toFixed(0)} | ${r.shareSpan.toFixed(3)} | ${r.shareWall.toFixed(3)} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
