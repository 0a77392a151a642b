/** A position in a recipe: 1-based line and column, 0-based character offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A span of recipe text; `end` is exclusive. */
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One problem found in a recipe. Diagnostics are collected, never thrown: a recipe yields a
 * RunConfig or a list of these (or both, when only warnings remain).
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable code, e.g. `syntax.expected`, `plugin.unknown`, `reward.unknown-aspect`. */
  code: string;
  /** What is wrong, naming the thing. */
  message: string;
  range: Range;
  /** What was expected there. */
  expected?: string;
  /** How to fix it (often "did you mean ..."). */
  fix?: string;
}

/** The start of a text. */
export const ORIGIN: Position = { line: 1, column: 1, offset: 0 };

/** A zero-width range at the start of a text (for problems of the whole recipe). */
export const EMPTY_RANGE: Range = { start: ORIGIN, end: ORIGIN };

/** The smallest range covering both. */
export function joinRanges(a: Range, b: Range): Range {
  return {
    start: a.start.offset <= b.start.offset ? a.start : b.start,
    end: a.end.offset >= b.end.offset ? a.end : b.end,
  };
}

/** True if any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts by position, then severity (errors first), keeping the first of exact duplicates. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const seen = new Set<string>();
  return [...diagnostics]
    .sort((a, b) => a.range.start.offset - b.range.start.offset || rank[a.severity] - rank[b.severity])
    .filter((d) => {
      const key = `${d.range.start.offset}:${d.range.end.offset}:${d.code}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
