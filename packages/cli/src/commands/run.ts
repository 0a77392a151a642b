import path from 'node:path';
import { Option } from 'commander';
import type { CliCommand, CliContext } from '../command';
import { EXIT } from '../exit-codes';
import { wholeNumberOption } from '../option-parsers';
import { compileRecipeFile, defaultRecipePath, loadDsl, type CompiledRecipe } from '../recipe';
import { evaluateAndReport } from '../run/after-run';
import { executeRun } from '../run/execute-run';
import { checkDataOptions, parseDataOptions, readDataOverride, withDataOptions, writeDataOverride } from '../run/data-override';
import { checkResumeSeed, defaultRunDir, withSeed, writeRunSeed } from '../run/run-seed';
import { scaleSteps } from '@spt/core';

interface RunOptions {
  runDir?: string;
  resume?: boolean;
  fresh?: boolean;
  steps?: number;
  eval?: boolean;
  seed?: number;
  data?: Record<string, unknown>;
}

const parseSteps = wholeNumberOption('--steps', { example: '20', code: 'cli.steps' });
const parseSeed = wholeNumberOption('--seed', { example: '2', code: 'cli.seed' });
const parseData = (text: string) => parseDataOptions(text, '--data');

/** Warnings and notes of a recipe that compiled: stderr for people, JSON lines with --json. */
export async function printDiagnostics(ctx: CliContext, recipe: Pick<CompiledRecipe, 'diagnostics' | 'text' | 'file'>): Promise<void> {
  if (recipe.diagnostics.length === 0) return;
  if (ctx.json) for (const d of recipe.diagnostics) ctx.out(JSON.stringify({ type: 'diagnostic', ...d }));
  else ctx.err((await loadDsl()).formatDiagnostics(recipe.diagnostics, recipe.text, recipe.file));
}

/** `spt run [recipe]`: compile, load plugins, train with live progress; Ctrl-C checkpoints. */
export const runCommand: CliCommand = {
  name: 'run',
  register(program, ctx) {
    program
      .command('run')
      .description('run a recipe (default: the quick-start recipe on the testbed)')
      .argument('[recipe]', 'a .spt recipe file')
      .option('--run-dir <dir>', 'folder for checkpoints, metrics and reports (default: runs/<recipe name>)')
      .addOption(new Option('--resume', 'require a checkpoint in the run folder and continue from it').conflicts('fresh'))
      .addOption(new Option('--fresh', 'start over: an existing run folder is moved aside to <dir>.prev-<time>').conflicts('resume'))
      .option('--steps <n>', 'shrink or stretch the run to about n steps (phases, schedules, cadences scale alike)', parseSteps)
      .option('--seed <n>', "training seed for a replicate run, instead of the recipe's `train { seed }` (default run folder: runs/<recipe name>-seed<n>)", parseSeed)
      .option('--data <json>', "options merged over the recipe's `data` options, e.g. another testbed world: '{\"seed\": 2, \"unsafe\": 0.3}' (kept in <run-dir>/data.json for eval and resume)", parseData)
      .option('--no-eval', "skip evaluation: the points of `eval every N` during training, and the evaluation and report after a completed run")
      .action(async (recipeArg: string | undefined, opts: RunOptions) => {
        const file = recipeArg ? path.resolve(ctx.cwd, recipeArg) : defaultRecipePath();
        const recipe = await compileRecipeFile(ctx, file);
        await printDiagnostics(ctx, recipe);
        const scaled = opts.steps === undefined ? recipe.config : scaleSteps(recipe.config, opts.steps);
        const seeded = opts.seed === undefined ? scaled : withSeed(scaled, opts.seed);
        const runDir = path.resolve(ctx.cwd, opts.runDir ?? defaultRunDir(seeded.name, opts.seed));
        // --data, else the data options a resumed folder was started with (data.json).
        const data = opts.data ?? (opts.fresh ? undefined : readDataOverride(runDir)?.options);
        const config = data ? withDataOptions(seeded, data) : seeded;
        if (data) checkDataOptions(config, recipe.registry, opts.data ? '--data' : path.join(runDir, 'data.json'));
        const recipeSeed = scaled.train.seed;
        if (!opts.fresh) checkResumeSeed(runDir, { seed: opts.seed, recipeSeed });
        const seed = opts.seed;
        const prepare = () => {
          if (seed !== undefined) writeRunSeed(runDir, { seed, recipeSeed });
          if (data) writeDataOverride(runDir, { options: data });
        };
        const code = await executeRun(ctx, { config, plugins: recipe.plugins, runDir, resume: opts.resume, fresh: opts.fresh, evaluate: opts.eval !== false, prepare });
        ctx.setExitCode(code);
        if (code === EXIT.ok && config.eval && opts.eval !== false) {
          await evaluateAndReport(ctx, { config, registry: recipe.registry, runDir });
        }
      });
  },
};
