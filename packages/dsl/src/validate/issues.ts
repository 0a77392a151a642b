import type { Severity } from '../diagnostics/diagnostic';

/**
 * A problem with a RunConfig, located by its path (`judges.0.mode`, `train.lr.peak`). The recipe
 * compiler maps paths back to source ranges; embedders read them as they are.
 */
export interface ConfigIssue {
  severity: Severity;
  code: string;
  message: string;
  path: string;
  expected?: string;
  fix?: string;
  /** Point at the option's key rather than its value (unknown options). */
  atKey?: boolean;
}

/** Number limits for `IssueSink.number`. */
export interface Limits {
  integer?: boolean;
  min?: number;
  /** The value must be strictly greater than this. */
  above?: number;
  max?: number;
}

/** Collects issues; helpers for the common checks. */
export class IssueSink {
  readonly issues: ConfigIssue[] = [];

  error(code: string, path: string, message: string, extra: Partial<ConfigIssue> = {}): void {
    this.issues.push({ severity: 'error', code, message, path, ...extra });
  }

  warn(code: string, path: string, message: string, extra: Partial<ConfigIssue> = {}): void {
    this.issues.push({ severity: 'warning', code, message, path, ...extra });
  }

  /** Checks a number against limits; `label` is the name a recipe writer knows (e.g. `top_p`). */
  number(path: string, label: string, value: number, limits: Limits): boolean {
    const expected = describeLimits(limits);
    const bad =
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (limits.integer && !Number.isInteger(value)) ||
      (limits.min !== undefined && value < limits.min) ||
      (limits.above !== undefined && value <= limits.above) ||
      (limits.max !== undefined && value > limits.max);
    if (!bad) return true;
    this.error('option.range', path, `${label} must be ${expected}, got ${String(value)}`, {
      expected,
      fix: `set ${label} to ${suggest(limits)}`,
    });
    return false;
  }
}

/** `a whole number of at least 1`, `a number in 0..1`, `a number above 0`. */
export function describeLimits(l: Limits): string {
  const kind = l.integer ? 'a whole number' : 'a number';
  if (l.min !== undefined && l.max !== undefined) return `${kind} from ${l.min} to ${l.max}`;
  if (l.above !== undefined && l.max !== undefined) return `${kind} above ${l.above} and at most ${l.max}`;
  if (l.min !== undefined) return `${kind} of at least ${l.min}`;
  if (l.above !== undefined) return `${kind} above ${l.above}`;
  if (l.max !== undefined) return `${kind} of at most ${l.max}`;
  return kind;
}

function suggest(l: Limits): string {
  if (l.min !== undefined && l.max !== undefined) return `a value from ${l.min} to ${l.max}`;
  if (l.min !== undefined) return `${l.min} or more`;
  if (l.above !== undefined && l.max !== undefined) return `a value above ${l.above}, at most ${l.max}`;
  if (l.above !== undefined) return `a value above ${l.above}`;
  return `at most ${l.max}`;
}
