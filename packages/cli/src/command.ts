import type { Command } from 'commander';
import type { CreateRunOptions, PluginPackage, RunConfig, RunHandle } from '@spt/core';

/** What every command gets from the CLI. */
export interface CliContext {
  /** Built-in plugin packages plus the given `use` specifiers resolved from `fromDir`. */
  loadPlugins(uses?: readonly string[], fromDir?: string): Promise<PluginPackage[]>;
  out(text: string): void;
  err(text: string): void;
  /** True when the global `--json` flag is set: print one JSON object per line on stdout. */
  readonly json: boolean;
  /** True when stderr is a terminal (live progress bars); false in pipes, CI and tests. */
  readonly isTTY: boolean;
  /** Folder that relative paths on the command line are resolved against. */
  readonly cwd: string;
  /** Sets the process exit code (see EXIT in exit-codes.ts) without throwing. */
  setExitCode(code: number): void;
  /** Starts a run: `createRun` from @spt/core, replaceable in tests. */
  createRun(config: RunConfig, options: CreateRunOptions): RunHandle;
  /** Calls `handler` on Ctrl-C (SIGINT/SIGTERM) until the returned function is called. */
  onInterrupt(handler: (signal: string) => void): () => void;
  /** Ends the process now with `code` (a second Ctrl-C); tests replace it. */
  exitNow(code: number): void;
}

/** One `spt <name>` command: a file in src/commands/ that registers itself on the program. */
export interface CliCommand {
  readonly name: string;
  register(program: Command, ctx: CliContext): void;
}
