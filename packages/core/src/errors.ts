/**
 * Errors for bugs and misconfiguration. Judges and rewriters never throw for a bad model answer:
 * they return a failed judgment (data). Everything else that the user must fix throws SptError.
 */
export interface SptErrorDetails {
  /** Stable machine-readable code, e.g. `plugin.unknown`, `recipe.syntax`, `checkpoint.corrupt`. */
  code: string;
  /** What went wrong, naming the thing (file, field, plugin, endpoint). */
  what: string;
  /** What was expected there. */
  expected?: string;
  /** What was found instead. */
  got?: string;
  /** How to fix it. */
  fix?: string;
  cause?: unknown;
}

/** The one error type spt throws for problems a user can act on. */
export class SptError extends Error {
  readonly code: string;
  readonly what: string;
  readonly expected?: string;
  readonly got?: string;
  readonly fix?: string;

  constructor(details: SptErrorDetails) {
    super(formatErrorMessage(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SptError';
    this.code = details.code;
    this.what = details.what;
    this.expected = details.expected;
    this.got = details.got;
    this.fix = details.fix;
  }

  static is(value: unknown, code?: string): value is SptError {
    return value instanceof SptError && (code === undefined || value.code === code);
  }
}

/** `what` on the first line, then `expected:`, `got:`, `fix:` lines for the parts that are set. */
export function formatErrorMessage(d: Pick<SptErrorDetails, 'what' | 'expected' | 'got' | 'fix'>): string {
  const lines = [d.what];
  if (d.expected !== undefined) lines.push(`  expected: ${d.expected}`);
  if (d.got !== undefined) lines.push(`  got: ${d.got}`);
  if (d.fix !== undefined) lines.push(`  fix: ${d.fix}`);
  return lines.join('\n');
}
