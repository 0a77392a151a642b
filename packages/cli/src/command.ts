import type { Command } from 'commander';
import type { PluginPackage } from '@spt/core';

/** What every command gets from the CLI. */
export interface CliContext {
  /** Built-in plugin packages plus the given `use` specifiers resolved from `fromDir`. */
  loadPlugins(uses?: readonly string[], fromDir?: string): Promise<PluginPackage[]>;
  out(text: string): void;
  err(text: string): void;
}

/** One `spt <name>` command: a file in src/commands/ that registers itself on the program. */
export interface CliCommand {
  readonly name: string;
  register(program: Command, ctx: CliContext): void;
}
