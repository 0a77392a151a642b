// A plain Node program that embeds spt from the packages npm installed next to it: it compiles a
// recipe with @spt/dsl (loading the recipe's `use` packages by name), runs it with createRun from
// @spt/core, aborts it after its first step and runs it again in the same folder, which resumes
// from the checkpoint the abort wrote. Prints one JSON line: what each pass saw.
//   node embed-resume.mjs <recipe.spt> <run dir>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRegistry, createRun, loadPluginPackage } from '@spt/core';
import { compileRecipe, formatDiagnostics, parseRecipe } from '@spt/dsl';
import { builtinPackages } from '@spt/cli';

const [file, runDir] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const uses = parseRecipe(text, file).uses.filter((u) => !u.name.startsWith('@spt/'));
const fromDir = path.dirname(path.resolve(file));
const packages = [...(await builtinPackages()), ...(await Promise.all(uses.map((u) => loadPluginPackage(u.name, fromDir))))];
const { config, diagnostics } = compileRecipe(text, { file, registry: createRegistry(packages), env: (name) => process.env[name] });
if (!config) {
  console.error(formatDiagnostics(diagnostics, text, file));
  process.exit(2);
}

/** One createRun over the run folder; `abortAfterFirstStep` aborts once the first step event arrives. */
async function pass(abortAfterFirstStep) {
  const controller = new AbortController();
  const run = createRun(config, { plugins: packages, runDir, signal: controller.signal });
  const seen = { resumedFrom: null, totalSteps: null, steps: [], end: null };
  for await (const event of run.events()) {
    if (event.type === 'run-start') Object.assign(seen, { resumedFrom: event.resumedFrom ?? null, totalSteps: event.totalSteps });
    if (event.type === 'step') {
      seen.steps.push(event.step);
      if (abortAfterFirstStep) controller.abort('stop after one step');
    }
    if (event.type === 'run-end') seen.end = event.status;
  }
  const result = await run.result();
  return { ...seen, status: result.status, completed: result.steps, error: result.error?.message ?? null };
}

const first = await pass(true);
const second = await pass(false);
console.log(JSON.stringify({ packages: packages.map((p) => p.name), first, second }));
