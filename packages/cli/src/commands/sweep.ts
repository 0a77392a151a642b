import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { type RunConfig, SptError } from '@spt/core';
import path from 'node:path';
import type { CliCommand } from '../command';
import { EXIT } from '../exit-codes';
import { wholeNumberOption } from '../option-parsers';
import { loadRunResults, type RunResults } from '../aggregate/load-results';
import { compileRecipeFile } from '../recipe';
import { evaluateAndReport } from '../run/after-run';
import { branchFrom, checkDataOptions, withDataOptions, writeDataOverride } from '../run/data-override';
import { executeRun } from '../run/execute-run';
import { withSeed, writeRunSeed } from '../run/run-seed';
import { scaleSteps } from '@spt/core';
import { readSweepFile, type SweepSpec, startOf } from '../sweep/sweep-file';
import { formatSweep, summarizeWorld } from '../sweep/sweep-summary';
import { printDiagnostics } from './run';

interface SweepOptions {
  out?: string;
  steps?: number;
  summaryOnly?: boolean;
}

/**
 * `spt sweep <recipe> <sweep.json>`: the recipe on every world of the sweep file with every training
 * seed (one run folder each, `<out>/<world>-seed<n>`, resumable: a folder already evaluated is
 * skipped, a stopped one continues), then one table of targets per world and an overall verdict.
 */
export const sweepCommand: CliCommand = {
  name: 'sweep',
  register(program, ctx) {
    program
      .command('sweep')
      .description('run a recipe on several data worlds x training seeds, evaluate each, and print the targets per world with an overall verdict')
      .argument('<recipe>', 'a .spt recipe with sip and ntp arms and an eval block')
      .argument('<sweep-file>', 'JSON: {"seeds": [7, 8], "worlds": {"<name>": {<data options>}}}')
      .option('--out <dir>', 'folder for the run folders and sweep.md (default: runs/<recipe name>-sweep)')
      .option('--steps <n>', 'shrink or stretch every run to about n steps (as `spt run --steps`)', wholeNumberOption('--steps', { example: '40', code: 'cli.steps' }))
      .option('--summary-only', 'train nothing: summarise the folders already evaluated')
      .action(async (recipeArg: string, sweepArg: string, opts: SweepOptions) => {
        const recipe = await compileRecipeFile(ctx, path.resolve(ctx.cwd, recipeArg));
        const sweepFile = path.resolve(ctx.cwd, sweepArg);
        const spec = readSweepFile(sweepFile);
        await printDiagnostics(ctx, recipe);
        const base = opts.steps === undefined ? recipe.config : scaleSteps(recipe.config, opts.steps);
        const out = path.resolve(ctx.cwd, opts.out ?? path.join('runs', `${base.name}-sweep`));
        // Every world's options are checked against the data plugin before anything trains.
        const configs = spec.worlds.map((w) => {
          const config = withDataOptions(base, w.data);
          checkDataOptions(config, recipe.registry, `${sweepFile} (worlds.${w.name})`);
          return { world: w, config };
        });
        // Every start checkpoint exists before anything trains.
        for (const w of spec.worlds) for (const seed of spec.seeds) fromStart(base, spec, w.name, seed, ctx.cwd);
        const log = (m: string) => (ctx.json ? ctx.out(JSON.stringify({ type: 'log', message: m })) : ctx.err(m));
        const results = new Map<string, RunResults[]>();
        const pending: string[] = [];
        let failed = 0;
        const total = configs.length * spec.seeds.length;
        let index = 0;
        for (const { world, config: worldConfig } of configs) {
          for (const seed of spec.seeds) {
            index += 1;
            const label = `${world.name}-seed${seed}`;
            const runDir = path.join(out, label);
            const done = existsSync(path.join(runDir, 'eval', 'results.json'));
            if (!done && !opts.summaryOnly) {
              log(`sweep ${index}/${total}: ${label} (${JSON.stringify(world.data)}, seed ${seed}) -> ${runDir}`);
              const config = fromStart(withSeed(worldConfig, seed), spec, world.name, seed, ctx.cwd);
              const prepare = () => {
                writeRunSeed(runDir, { seed, recipeSeed: base.train.seed });
                const start = startOf(spec, world.name, seed);
                writeDataOverride(runDir, { options: world.data, ...(start ? { start: path.resolve(ctx.cwd, start) } : {}) });
              };
              const code = await executeRun(ctx, { config, plugins: recipe.plugins, runDir, prepare });
              if (code === EXIT.aborted) return ctx.setExitCode(code);
              if (code !== EXIT.ok) failed += 1;
              else if (config.eval) await evaluateAndReport(ctx, { config, registry: recipe.registry, runDir });
            }
            if (existsSync(path.join(runDir, 'eval', 'results.json'))) {
              results.set(world.name, [...(results.get(world.name) ?? []), loadRunResults(label, runDir)]);
            } else pending.push(label);
          }
        }
        const summaries = spec.worlds.filter((w) => results.has(w.name)).map((w) => summarizeWorld(w.name, results.get(w.name) ?? []));
        const markdown = formatSweep(summaries, pending);
        mkdirSync(out, { recursive: true });
        writeFileSync(path.join(out, 'sweep.md'), markdown);
        if (ctx.json) ctx.out(JSON.stringify({ type: 'sweep', out, worlds: summaries, pending }));
        else ctx.out(`\n${markdown}\nwritten: ${path.join(out, 'sweep.md')}`);
        if (failed > 0) ctx.setExitCode(EXIT.failed);
      });
  },
};

/**
 * With the sweep file's `start`, the run skips the recipe's shared phases and its arms branch from
 * that checkpoint (loaded as the recipe's `init from`); checked to exist.
 */
function fromStart(config: RunConfig, spec: SweepSpec, world: string, seed: number, cwd: string): RunConfig {
  const start = startOf(spec, world, seed);
  if (start === undefined) return config;
  const from = path.resolve(cwd, start);
  if (!existsSync(from)) {
    throw new SptError({
      code: 'sweep.start',
      what: `sweep file \`start\`: the start checkpoint of ${world}-seed${seed} does not exist`,
      expected: 'a checkpoint folder (e.g. an earlier sweep\'s <run>/checkpoints/end)',
      got: from,
      fix: 'run that sweep first, or fix the `start` pattern ({world} and {seed} are filled in)',
    });
  }
  if (config.arms.length === 0) {
    throw new SptError({ code: 'sweep.start', what: 'sweep file `start` needs a recipe with arms', expected: 'arms that branch from the start checkpoint', got: 'a recipe without arms', fix: 'add arms to the recipe or leave `start` out' });
  }
  return branchFrom(config, from);
}
