import { existsSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import { SptError, type CreateRunOptions, type RunHandle, type RunResult } from '@spt/core';
import type { CliCommand, CliContext } from '../command';
import { EXIT } from '../exit-codes';
import { barView, jsonView, lineView, type ProgressView } from '../progress/views';
import { compileRecipeFile, defaultRecipePath, type RecipeDiagnostic } from '../recipe';
import { errorToJson } from '../report-error';
import { scaleSteps } from '../run/scale-steps';

interface RunOptions {
  runDir?: string;
  resume?: boolean;
  fresh?: boolean;
  steps?: number;
}

function parseSteps(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new SptError({ code: 'cli.steps', what: 'invalid --steps', expected: 'a whole number >= 1', got: value, fix: 'e.g. --steps 20' });
  return n;
}

/** --fresh keeps the old run: its folder moves to `<dir>.prev-<time>` and the run starts clean. */
function moveAside(runDir: string, now = new Date()): string | undefined {
  if (!existsSync(runDir) || readdirSync(runDir).length === 0) return undefined;
  const target = `${runDir}.prev-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(runDir, target);
  return target;
}

function printDiagnostics(ctx: CliContext, diagnostics: readonly RecipeDiagnostic[]): void {
  for (const d of diagnostics) {
    if (ctx.json) ctx.out(JSON.stringify({ type: 'diagnostic', ...d }));
    else ctx.err(`${d.severity}: ${d.message}`);
  }
}

function printResult(ctx: CliContext, result: RunResult): void {
  if (ctx.json) {
    ctx.out(JSON.stringify({ type: 'result', ...result, error: result.error && errorToJson(result.error) }));
    return;
  }
  const checkpoints = Object.entries(result.checkpoints).map(([k, v]) => `  ${k}: ${v}`);
  ctx.out(`run ${result.status} after ${result.steps} steps; run folder: ${result.runDir}`);
  if (checkpoints.length) ctx.out(['checkpoints:', ...checkpoints].join('\n'));
  if (result.status === 'aborted') ctx.out('resume with the same command (it continues from the last checkpoint)');
  if (result.error) ctx.err(`error: ${result.error.message}`);
}

/** Feeds the handle's events to the view until the run ends; returns its result. */
async function follow(handle: RunHandle, view: ProgressView): Promise<RunResult> {
  try {
    for await (const event of handle.events()) view.onEvent(event);
  } finally {
    view.close();
  }
  return handle.result();
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
      .action(async (recipeArg: string | undefined, opts: RunOptions) => {
        const file = recipeArg ? path.resolve(ctx.cwd, recipeArg) : defaultRecipePath();
        const recipe = await compileRecipeFile(ctx, file);
        printDiagnostics(ctx, recipe.diagnostics);
        const config = opts.steps === undefined ? recipe.config : scaleSteps(recipe.config, opts.steps);
        const runDir = path.resolve(ctx.cwd, opts.runDir ?? path.join('runs', config.name));
        if (opts.fresh) {
          const moved = moveAside(runDir);
          if (moved) ctx.err(`--fresh: moved the previous run folder to ${moved}`);
        }
        const controller = new AbortController();
        let handle: RunHandle | undefined;
        let interrupts = 0;
        const stopListening = ctx.onInterrupt(() => {
          interrupts += 1;
          if (interrupts > 1) return ctx.exitNow(EXIT.aborted);
          ctx.err('interrupted: finishing the current step and writing a checkpoint (Ctrl-C again to quit now)');
          controller.abort(new Error('interrupted'));
          handle?.abort('interrupted');
        });
        try {
          const options: CreateRunOptions = {
            plugins: recipe.plugins,
            runDir,
            signal: controller.signal,
            resume: opts.resume ? 'require' : opts.fresh ? 'never' : 'auto',
          };
          handle = ctx.createRun(config, options);
          const view = ctx.json ? jsonView(ctx.out) : ctx.isTTY ? barView() : lineView(ctx.out);
          const result = await follow(handle, view);
          printResult(ctx, result);
          ctx.setExitCode(result.status === 'completed' ? EXIT.ok : result.status === 'aborted' ? EXIT.aborted : EXIT.failed);
        } finally {
          stopListening();
        }
      });
  },
};
