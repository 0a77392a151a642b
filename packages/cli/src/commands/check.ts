import path from 'node:path';
import type { Diagnostic } from '@spt/dsl';
import { createRegistry } from '@spt/core';
import type { CliCommand, CliContext } from '../command';
import { EXIT } from '../exit-codes';
import { loadDsl, loadRecipePlugins, readRecipe } from '../recipe';

/** One recipe's outcome. */
interface Checked {
  file: string;
  errors: number;
  warnings: number;
}

/** A diagnostic as one JSON line: position flattened, file named. */
function diagnosticJson(file: string, d: Diagnostic): string {
  return JSON.stringify({
    type: 'diagnostic',
    file,
    severity: d.severity,
    code: d.code,
    message: d.message,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    expected: d.expected,
    fix: d.fix,
  });
}

/**
 * Parses and validates one recipe without loading a model: syntax, plugin names and options
 * (built-ins plus the recipe's `use` packages), and the run's own settings.
 */
async function checkOne(ctx: CliContext, file: string): Promise<Checked> {
  const dsl = await loadDsl();
  const text = readRecipe(file);
  const parsed = dsl.parseRecipe(text, file);
  let diagnostics: Diagnostic[] = parsed.diagnostics;
  let config: unknown;
  if (!dsl.hasErrors(parsed.diagnostics)) {
    const loaded = await loadRecipePlugins(ctx, parsed.uses, path.dirname(file));
    const compiled = dsl.compileRecipe(text, { file, registry: createRegistry(loaded.plugins), env: (name) => process.env[name] });
    diagnostics = dsl.sortDiagnostics([...loaded.diagnostics, ...compiled.diagnostics]);
    if (!loaded.diagnostics.length) config = compiled.config;
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const shown = path.relative(ctx.cwd, file) || file;
  if (ctx.json) {
    for (const d of diagnostics) ctx.out(diagnosticJson(shown, d));
    ctx.out(JSON.stringify({ type: 'check', file: shown, ok: errors === 0, errors, warnings, ...(config ? { config } : {}) }));
  } else {
    if (diagnostics.length) ctx.err(dsl.formatDiagnostics(diagnostics, text, shown));
    const counts = [`${errors} error${errors === 1 ? '' : 's'}`, `${warnings} warning${warnings === 1 ? '' : 's'}`].join(', ');
    ctx.out(errors ? `${shown}: ${counts}` : `${shown}: ok${warnings ? ` (${counts.split(', ')[1]})` : ''}`);
  }
  return { file, errors, warnings };
}

/** `spt check <recipe...>`: diagnostics for each recipe; exit code 2 if any has an error. */
export const checkCommand: CliCommand = {
  name: 'check',
  register(program, ctx) {
    program
      .command('check')
      .description('validate recipes against the plugin manifests without loading a model')
      .argument('<recipes...>', '.spt recipe files')
      .option('--json', 'one JSON object per diagnostic, then one per recipe')
      .action(async (files: string[]) => {
        let failed = false;
        for (const f of files) failed = (await checkOne(ctx, path.resolve(ctx.cwd, f))).errors > 0 || failed;
        ctx.setExitCode(failed ? EXIT.badInput : EXIT.ok);
      });
  },
};
