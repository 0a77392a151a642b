import { SptError } from '@spt/core';
import type { CliContext } from './command';

/** The JSON form of an error, as printed by `--json`. */
export function errorToJson(error: unknown): Record<string, unknown> {
  if (SptError.is(error)) {
    const { code, what, expected, got, fix } = error;
    const diagnostics = (error as { diagnostics?: unknown }).diagnostics;
    return { type: 'error', code, message: error.message, what, expected, got, fix, diagnostics };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', code: 'internal', message };
}

/**
 * Prints an error for a person (`error: ...` on stderr, with expected/got/fix lines for an
 * SptError) or, with `--json`, as one JSON line on stdout. SPT_DEBUG=1 adds the stack.
 */
export function reportError(ctx: Pick<CliContext, 'json' | 'out' | 'err'>, error: unknown, debug = false): void {
  if (ctx.json) {
    ctx.out(JSON.stringify(errorToJson(error)));
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.err(`error: ${message}`);
  if (debug && error instanceof Error && error.stack) ctx.err(error.stack);
}
