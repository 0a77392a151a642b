import { didYouMean } from '@spt/core';
import type { NameNode } from '../ast/ast';
import type { Diagnostic, Range, Severity } from '../diagnostics/diagnostic';

/** Source ranges by RunConfig path (`judges.0.judge.plugin`, `policy.options.layers`, ...). */
export class SpanMap {
  private readonly byPath = new Map<string, Range>();
  private readonly aliases = new Map<string, string>();

  set(path: string, range: Range): void {
    this.byPath.set(path, range);
  }

  /** The range of a path's key (for unknown options), if recorded. */
  setKey(path: string, range: Range): void {
    this.byPath.set(`${path}#key`, range);
  }

  /** Paths under `to` resolve to the same sub-path under `from` (a phase using the run's objective). */
  alias(from: string, to: string): void {
    this.aliases.set(to, from);
  }

  /** The range recorded for the path, or for its nearest recorded ancestor. */
  find(path: string, key = false): Range | undefined {
    if (key) {
      const k = this.byPath.get(`${path}#key`) ?? this.viaAlias(path, '#key');
      if (k) return k;
    }
    let p = path;
    for (;;) {
      const r = this.byPath.get(p) ?? this.viaAlias(p, '');
      if (r) return r;
      const cut = p.lastIndexOf('.');
      if (cut < 0) return undefined;
      p = p.slice(0, cut);
    }
  }

  /** The exact span of `path + suffix` through an alias of one of its ancestors. */
  private viaAlias(path: string, suffix: string): Range | undefined {
    for (const [to, from] of this.aliases) {
      if (path === to || path.startsWith(`${to}.`)) return this.byPath.get(from + path.slice(to.length) + suffix);
    }
    return undefined;
  }
}

/** Shared state of one AST -> RunConfigInput pass: diagnostics, spans, paths already reported. */
export class Lowering {
  readonly diagnostics: Diagnostic[] = [];
  readonly spans = new SpanMap();
  /** Paths whose problems were reported here; the config validator stays quiet about them. */
  readonly reported = new Set<string>();
  /** Environment variables named by env("...") markers. */
  readonly envNames: Array<{ name: string; range: Range }> = [];

  report(
    severity: Severity,
    code: string,
    message: string,
    range: Range,
    extra: { expected?: string; fix?: string; path?: string } = {},
  ): void {
    this.diagnostics.push({ severity, code, message, range, expected: extra.expected, fix: extra.fix });
    if (extra.path !== undefined && severity === 'error') this.reported.add(extra.path);
  }

  error(code: string, message: string, range: Range, extra?: { expected?: string; fix?: string; path?: string }): void {
    this.report('error', code, message, range, extra);
  }

  warn(code: string, message: string, range: Range, extra?: { expected?: string; fix?: string; path?: string }): void {
    this.report('warning', code, message, range, extra);
  }

  /** Reports a key that is not one of `allowed` (with a did-you-mean). */
  unknownKey(what: string, key: NameNode, allowed: readonly string[]): void {
    const hint = didYouMean(key.text, allowed);
    this.error('option.unknown', `unknown ${what} "${key.text}"`, key.range, {
      expected: `one of: ${allowed.join(', ')}`,
      fix: hint || `remove it, or use one of: ${allowed.join(', ')}`,
    });
  }
}
