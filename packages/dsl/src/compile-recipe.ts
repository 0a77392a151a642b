import { SptError, type PluginRegistry, type RunConfig } from '@spt/core';
import type { RecipeNode } from './ast/ast';
import { Lowering } from './compile/lowering';
import { lowerRecipe } from './compile/lower-recipe';
import { defineRunConfig } from './config/define-run-config';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic';
import { internalError } from './diagnostics/internal';
import { parseRecipe, type UseRef } from './parse-recipe';
import type { ConfigIssue } from './validate/issues';
import { validateRunConfig } from './validate/validate-run-config';

export interface CompileOptions {
  /** Recipe file name, for `source` in the config and for messages. */
  file?: string;
  /** Plugins to validate against (built-ins plus the recipe's `use` packages). Without it, plugin names and options are not checked. */
  registry?: PluginRegistry;
  /** Environment lookup: with it, env("NAME") markers whose variable is unset get a warning. */
  env?: (name: string) => string | undefined;
}

export interface CompileResult {
  /** The run, when the recipe has no errors (warnings allowed). */
  config?: RunConfig;
  diagnostics: Diagnostic[];
  ast?: RecipeNode;
  uses: UseRef[];
}

/** Problems that stay meaningful when a syntax error left part of the recipe unread. */
const LOCAL_CODES = /^(plugin\.|option\.|value\.|env\.|secret\.|schedule\.(unknown|form)|reward\.function|objective\.unknown|recipe\.unknown-statement|recipe\.duplicate)/;

/**
 * Recipe text -> RunConfig: parse, lower to a RunConfig with every default filled, validate
 * against the plugin manifests, and report every problem found as diagnostics. Never throws.
 */
export function compileRecipe(text: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseRecipe(text, options.file, { comments: false });
  if (!parsed.ast) return { diagnostics: parsed.diagnostics, uses: parsed.uses };
  try {
    const lo = new Lowering();
    const input = lowerRecipe(lo, parsed.ast, options.file);
    const config = defineRunConfig(input, { registry: options.registry });
    const issues = validateRunConfig(config, { registry: options.registry });
    const fallback = parsed.ast.name.range;
    const mapped = issues
      .filter((i) => !isReported(lo.reported, i.path))
      .map((i) => toDiagnostic(i, lo.spans.find(i.path, i.atKey) ?? fallback));
    for (const { name, range } of lo.envNames) {
      if (!options.env || options.env(name) !== undefined) continue;
      mapped.push({
        severity: 'warning',
        code: 'env.unset',
        message: `environment variable ${name} is not set`,
        range,
        expected: `${name} in the environment of the run`,
        fix: `export ${name}=... before running`,
      });
    }
    const semantic = [...lo.diagnostics, ...mapped].filter((d) => !parsed.syntaxErrors || LOCAL_CODES.test(d.code));
    const diagnostics = sortDiagnostics([...parsed.diagnostics, ...semantic]);
    return { config: hasErrors(diagnostics) ? undefined : config, diagnostics, ast: parsed.ast, uses: parsed.uses };
  } catch (cause) {
    return { diagnostics: sortDiagnostics([...parsed.diagnostics, internalError(cause)]), ast: parsed.ast, uses: parsed.uses };
  }
}

function isReported(reported: ReadonlySet<string>, path: string): boolean {
  let p = path;
  for (;;) {
    if (reported.has(p)) return true;
    const cut = p.lastIndexOf('.');
    if (cut < 0) return false;
    p = p.slice(0, cut);
  }
}

function toDiagnostic(issue: ConfigIssue, range: Diagnostic['range']): Diagnostic {
  return { severity: issue.severity, code: issue.code, message: issue.message, range, expected: issue.expected, fix: issue.fix };
}

/** A diagnostic for a `use` whose package could not be loaded. */
export function useDiagnostic(use: UseRef, error: unknown): Diagnostic {
  const e = SptError.is(error) ? error : undefined;
  return {
    severity: 'error',
    code: 'use.load',
    message: e ? e.what : `plugin package "${use.name}" could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    range: use.range,
    expected: e?.expected ?? 'an installed package whose default export is an spt plugin package',
    fix: e?.fix ?? `install it next to the recipe: npm install ${use.name}`,
  };
}
