import { existsSync, readdirSync, renameSync } from 'node:fs';
import { SptError, type CreateRunOptions, type PluginPackage, type RunConfig, type RunHandle, type RunResult } from '@spt/core';
import type { CliContext } from '../command';
import { EXIT } from '../exit-codes';
import { barView, jsonView, lineView, type ProgressView } from '../progress/views';
import { errorToJson } from '../report-error';

export interface ExecuteRunOptions {
  config: RunConfig;
  plugins: readonly PluginPackage[];
  runDir: string;
  /** Require a checkpoint to resume from. */
  resume?: boolean;
  /** Move an existing run folder aside and start clean. */
  fresh?: boolean;
  /** false: no evaluation points during training (`--no-eval`); default true. */
  evaluate?: boolean;
  /** Called once the run folder is ready (after --fresh moved the old one aside), before the run starts. */
  prepare?: () => void;
}

/** --fresh keeps the old run: its folder moves to `<dir>.prev-<time>` and the run starts clean. */
export function moveAside(runDir: string, now = new Date()): string | undefined {
  if (!existsSync(runDir) || readdirSync(runDir).length === 0) return undefined;
  const target = `${runDir}.prev-${now.toISOString().replace(/[:.]/g, '-')}`;
  renameSync(runDir, target);
  return target;
}

function printResult(ctx: CliContext, result: RunResult): void {
  if (ctx.json) {
    ctx.out(JSON.stringify({ type: 'result', ...result, error: result.error && errorToJson(result.error) }));
    return;
  }
  // `start` is where arms branch; a run without arms ends there, so it is its end checkpoint.
  const armless = Object.keys(result.checkpoints).every((k) => k === 'start');
  const checkpoints = Object.entries(result.checkpoints).map(([k, v]) => `  ${armless ? 'end' : k}: ${v}`);
  ctx.out(`run ${result.status} after ${result.steps} steps; run folder: ${result.runDir}`);
  if (checkpoints.length) ctx.out(['checkpoints:', ...checkpoints].join('\n'));
  if (result.status === 'aborted') ctx.out('resume: run the same command again (it continues from the last checkpoint)');
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

/**
 * The exit code for a finished run. A run that failed on an SptError (a checkpoint to resume that
 * is missing or corrupt, an option only checked at start) failed on input the user must fix: 2.
 */
export function exitCodeForRun(result: RunResult): number {
  if (result.status === 'completed') return EXIT.ok;
  if (result.status === 'aborted') return EXIT.aborted;
  return SptError.is(result.error) ? EXIT.badInput : EXIT.failed;
}

/**
 * Starts a compiled run and follows it to the end: live progress (bar on a terminal, lines in
 * logs, JSON events with --json), the first Ctrl-C asks the run to finish its step and write a
 * resumable checkpoint, a second one quits at once. Resolves to the exit code.
 */
export async function executeRun(ctx: CliContext, o: ExecuteRunOptions): Promise<number> {
  if (o.fresh) {
    const moved = moveAside(o.runDir);
    if (moved) ctx.err(`--fresh: moved the previous run folder to ${moved}`);
  }
  o.prepare?.();
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
      plugins: o.plugins,
      runDir: o.runDir,
      signal: controller.signal,
      resume: o.resume ? 'require' : o.fresh ? 'never' : 'auto',
      ...(o.evaluate === false ? { evaluate: false } : {}),
    };
    handle = ctx.createRun(o.config, options);
    const view = ctx.json ? jsonView(ctx.out) : ctx.isTTY ? barView() : lineView(ctx.out);
    const result = await follow(handle, view);
    printResult(ctx, result);
    return exitCodeForRun(result);
  } finally {
    stopListening();
  }
}
