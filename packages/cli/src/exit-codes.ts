import { CommanderError } from 'commander';
import { SptError } from '@spt/core';

/** Exit codes of `spt`: scripts and CI can tell a bad recipe from a failed or aborted run. */
export const EXIT = {
  /** The command did what was asked. */
  ok: 0,
  /** A run or check ran and failed (a crash inside the run, a failed judgment policy...). */
  failed: 1,
  /** Bad input: unknown command or flag, unreadable or invalid recipe, unknown plugin, bad option. */
  badInput: 2,
  /** Interrupted with Ctrl-C; a run leaves a resumable checkpoint. */
  aborted: 130,
} as const;

/** The exit code for an error that escaped a command. */
export function exitCodeForError(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version end through exitOverride with code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  if (SptError.is(error)) return EXIT.badInput;
  return EXIT.failed;
}
