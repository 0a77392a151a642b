export {};
/**
 * Per-kernel profile of one tfjs.gpt train step and one decode (tf.profile), to find what to fuse.
 * usage: packages/backends/node_modules/.bin/tsx bench/tfjs-profile.ts [--d 128] [--threads 2]
 */
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const threads = Number(arg('threads', '2'));
const d = Number(arg('d', '128'));
const { configureTensorflowEnv } = await import('../packages/backends/src/tfjs/runtime/configure-threads');
configureTensorflowEnv(threads);
const { createTfjsGptBackend } = await import('../packages/backends/src/tfjs/engine');
const { tfjsGptOptions } = await import('../packages/backends/src/tfjs/options');
const { tf } = await import('../packages/backends/src/tfjs/runtime/tf');

const backend = await createTfjsGptBackend(tfjsGptOptions.parse({ layers: 4, d_model: d, heads: 4, context: 256, threads }), { seed: 0 });
const seqs = Array.from({ length: 16 }, (_, b) => Array.from({ length: 256 }, (_, t) => (b * 31 + t * 7) % 256));
await backend.update({ kind: 'ntp', sequences: seqs }, { lr: 1e-4, step: 0 });

function report(title: string, info: Awaited<ReturnType<typeof tf.profile>>) {
  const by = new Map<string, { n: number; ms: number }>();
  let total = 0;
  for (const k of info.kernels) {
    const e = by.get(k.name) ?? { n: 0, ms: 0 };
    e.n += 1;
    e.ms += Number(k.kernelTimeMs);
    total += Number(k.kernelTimeMs);
    by.set(k.name, e);
  }
  console.log(`${title}: ${info.kernels.length} kernels, ${total.toFixed(1)} ms in kernels`);
  for (const [name, e] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18)) console.log(`  ${name.padEnd(28)} ${String(e.n).padStart(5)}  ${e.ms.toFixed(1)} ms`);
}
let t0 = performance.now();
report('train step', await tf.profile(() => backend.update({ kind: 'ntp', sequences: seqs }, { lr: 1e-4, step: 1 }) as never));
console.log(`  wall ${(performance.now() - t0).toFixed(0)} ms (profiled)`);
t0 = performance.now();
await backend.update({ kind: 'ntp', sequences: seqs }, { lr: 1e-4, step: 2 });
console.log(`  wall ${(performance.now() - t0).toFixed(0)} ms (unprofiled)`);
const prompts = Array.from({ length: 64 }, (_, b) => Array.from({ length: 64 }, (_, t) => (b + t) % 256));
const seeds = prompts.map((_, i) => i);
t0 = performance.now();
report('sample 64 x 16', await tf.profile(() => backend.generate({ prompts, maxNewTokens: 16, temperature: 1, topP: 1, seeds }) as never));
console.log(`  wall ${(performance.now() - t0).toFixed(0)} ms (profiled)`);
t0 = performance.now();
await backend.generate({ prompts, maxNewTokens: 16, temperature: 1, topP: 1, seeds });
console.log(`  wall ${(performance.now() - t0).toFixed(0)} ms (unprofiled)`);
