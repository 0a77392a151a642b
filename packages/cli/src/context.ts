import * as core from '@spt/core';
import { SptError, type CreateRunOptions, type RunConfig, type RunHandle } from '@spt/core';
import { loadPlugins } from './builtins';
import type { CliContext } from './command';

/** Everything the CLI touches outside itself; tests replace parts of it. */
export interface CliDeps {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  loadPlugins: CliContext['loadPlugins'];
  createRun: CliContext['createRun'];
  onInterrupt: CliContext['onInterrupt'];
  exitNow: CliContext['exitNow'];
}

/** `createRun` from @spt/core, looked up by name so the CLI builds before the scheduler lands. */
function coreCreateRun(config: RunConfig, options: CreateRunOptions): RunHandle {
  const createRun = (core as Record<string, unknown>).createRun;
  if (typeof createRun !== 'function') {
    throw new SptError({
      code: 'cli.no-scheduler',
      what: 'this build of @spt/core has no createRun (the run scheduler)',
      expected: 'an @spt/core that exports createRun',
      got: 'none',
      fix: 'update @spt/core to a version with the scheduler and rebuild (pnpm build)',
    });
  }
  return (createRun as (c: RunConfig, o: CreateRunOptions) => RunHandle)(config, options);
}

/** Ctrl-C and termination signals of this process. */
function processInterrupts(handler: (signal: string) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => handler(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

/** The real process: stdout/stderr, SIGINT, the core scheduler, plugins from node_modules. */
export function processDeps(): CliDeps {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    isTTY: Boolean(process.stderr.isTTY) && process.env.CI === undefined,
    cwd: process.cwd(),
    loadPlugins: (uses, fromDir) => loadPlugins(uses, fromDir),
    createRun: coreCreateRun,
    onInterrupt: processInterrupts,
    exitNow: (code) => process.exit(code),
  };
}

/** A mutable context: the program sets `json` once options are parsed and reads the exit code. */
export interface CliState {
  json: boolean;
  exitCode: number;
}

export function createCliContext(deps: CliDeps, state: CliState): CliContext {
  return {
    loadPlugins: deps.loadPlugins,
    out: deps.out,
    err: deps.err,
    get json() {
      return state.json;
    },
    isTTY: deps.isTTY,
    cwd: deps.cwd,
    setExitCode(code) {
      state.exitCode = code;
    },
    createRun: deps.createRun,
    onInterrupt: deps.onInterrupt,
    exitNow: deps.exitNow,
  };
}
