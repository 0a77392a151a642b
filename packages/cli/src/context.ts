import { createRun } from '@spt/core';
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
    createRun,
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
