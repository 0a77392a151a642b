import { EMPTY_RANGE, type Diagnostic } from './diagnostic';

/**
 * The last line of defence: a bug in the language implementation becomes a diagnostic instead of
 * a crash. The robustness tests assert that this never happens.
 */
export function internalError(cause: unknown): Diagnostic {
  const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return {
    severity: 'error',
    code: 'internal.error',
    message: `the recipe checker failed: ${detail}`,
    range: EMPTY_RANGE,
    expected: 'no internal failure',
    fix: 'please report this with the recipe that caused it',
  };
}
