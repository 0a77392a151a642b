/**
 * How long a 10,000-line recipe takes to parse, lower and validate against the real plugin
 * manifests, side by side with a baseline: reading the same RunConfig as JSON and filling its
 * defaults (what an embedder without a recipe would do).
 *
 *   pnpm --filter @spt/dsl build && npx tsx bench/dsl-parse.ts [lines] [repeats]
 *
 * The DSL is loaded from packages/dsl/dist (the built package, as users run it).
 */
import backends from '@spt/backends';
import { createRegistry } from '@spt/core';
import testbed from '@spt/testbed';
import { bigRecipe } from './dsl-recipe-gen';

type Dsl = typeof import('@spt/dsl');

const lines = Number(process.argv[2] ?? 10_000);
const repeats = Number(process.argv[3] ?? 10);
const dist = new URL('../packages/dsl/dist/index.js', import.meta.url).href;
const dsl = (await import(dist)) as Dsl;

const registry = createRegistry([testbed, backends]);
const text = bigRecipe(lines);

const t0 = performance.now();
dsl.parseRecipe('recipe warmup { data testbed }');
const startup = performance.now() - t0;

const first = dsl.compileRecipe(text, { file: 'sweep.spt', registry });
const errors = first.diagnostics.filter((d) => d.severity === 'error');
if (errors.length) {
  console.error(dsl.formatDiagnostics(errors.slice(0, 5), text, 'sweep.spt'));
  process.exit(1);
}
const json = JSON.stringify(first.config);

/** Median wall time and median CPU time (user + system) of this process, in ms. */
function median(f: () => unknown): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    f();
    walls.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpus.push((d.user + d.system) / 1000);
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: mid(walls), cpu: mid(cpus) };
}

const parse = median(() => dsl.parseRecipe(text, 'sweep.spt'));
const compile = median(() => dsl.compileRecipe(text, { file: 'sweep.spt', registry }));
const format = median(() => dsl.formatRecipe(text));
const baseline = median(() => dsl.validateRunConfig(dsl.defineRunConfig(JSON.parse(json)), { registry }));

const row = (name: string, m: { wall: number; cpu: number }) =>
  console.log(
    `${name.padEnd(44)} ${m.wall.toFixed(1).padStart(8)} ms ${m.cpu.toFixed(1).padStart(8)} ms ${(m.wall / baseline.wall).toFixed(1).padStart(6)}x`,
  );
console.log(`recipe: ${text.split('\n').length - 1} lines, ${text.length} bytes, ${first.config!.arms.length} arms; median of ${repeats}`);
console.log(`load average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
console.log(`parser construction (once per process)       ${startup.toFixed(1).padStart(8)} ms`);
console.log(`${''.padEnd(44)} ${'wall'.padStart(11)} ${'cpu'.padStart(11)} ${'vs base'.padStart(7)}`);
row('baseline: JSON.parse + defaults + validate', baseline);
row('parseRecipe (lex + parse + AST + comments)', parse);
row('compileRecipe (parse + lower + validate)', compile);
row('formatRecipe', format);
