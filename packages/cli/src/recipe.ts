import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dsl from '@spt/dsl';
import { createRegistry, SptError, type PluginPackage, type PluginRegistry, type RunConfig } from '@spt/core';
import type { CliContext } from './command';

/** A recipe diagnostic as @spt/dsl reports it (only the fields the CLI reads). */
export interface RecipeDiagnostic {
  severity: 'error' | 'warning' | 'info' | string;
  message: string;
  code?: string;
  range?: { start: { line: number; column: number } };
  expected?: string;
  fix?: string;
}

/** The @spt/dsl entry points the CLI uses. */
interface DslApi {
  parseRecipe(text: string, file: string): { uses: Array<string | { name: string }>; diagnostics: RecipeDiagnostic[] };
  compileRecipe(
    text: string,
    options: { file: string; registry: PluginRegistry },
  ): { config?: RunConfig; diagnostics: RecipeDiagnostic[] };
  formatDiagnostics?(diagnostics: readonly RecipeDiagnostic[], text: string, file: string): string;
}

/** `file:line:col: error [code] message` plus expected/fix lines (used when @spt/dsl has no formatter). */
export function formatDiagnosticsPlain(diagnostics: readonly RecipeDiagnostic[], file: string): string {
  return diagnostics
    .map((d) => {
      const at = d.range ? `${file}:${d.range.start.line}:${d.range.start.column}` : file;
      const lines = [`${at}: ${d.severity}${d.code ? ` [${d.code}]` : ''} ${d.message}`];
      if (d.expected) lines.push(`  expected: ${d.expected}`);
      if (d.fix) lines.push(`  fix: ${d.fix}`);
      return lines.join('\n');
    })
    .join('\n');
}

function dslApi(): DslApi {
  const api = dsl as unknown as Partial<DslApi>;
  if (typeof api.parseRecipe !== 'function' || typeof api.compileRecipe !== 'function') {
    throw new SptError({
      code: 'cli.no-dsl',
      what: 'this build of @spt/dsl cannot compile recipes yet',
      expected: 'an @spt/dsl exporting parseRecipe and compileRecipe',
      got: 'neither',
      fix: 'update @spt/dsl and rebuild (pnpm build)',
    });
  }
  return api as DslApi;
}

/** An invalid recipe: every diagnostic, formatted with file:line:col in the message. */
export class RecipeError extends SptError {
  constructor(readonly file: string, readonly diagnostics: readonly RecipeDiagnostic[], formatted: string) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    super({ code: 'recipe.invalid', what: `${file}: ${errors} error${errors === 1 ? '' : 's'}\n${formatted}` });
  }
}

/** The package folder (one above src/ and dist/). */
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** The recipe `spt run` uses without an argument: the repo's quick start, else the shipped copy. */
export function defaultRecipePath(): string {
  const candidates = [
    path.resolve(packageRoot, '../../examples/quickstart.spt'),
    path.resolve(packageRoot, 'dist/recipes/quickstart.spt'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new SptError({
      code: 'recipe.not-found',
      what: 'the default recipe (quickstart.spt) is missing from this installation',
      expected: `one of ${candidates.join(', ')}`,
      got: 'neither exists',
      fix: 'name a recipe: spt run path/to/recipe.spt',
    });
  }
  return found;
}

/** Reads a recipe file or explains which file is missing. */
export function readRecipe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new SptError({
      code: 'recipe.not-found',
      what: `cannot read recipe ${file}`,
      expected: 'a readable .spt file',
      got: (cause as NodeJS.ErrnoException).code ?? String(cause),
      fix: 'check the path (relative paths are taken from the current folder)',
      cause,
    });
  }
}

export interface CompiledRecipe {
  file: string;
  config: RunConfig;
  plugins: PluginPackage[];
  registry: PluginRegistry;
  /** Warnings and notes (errors throw a RecipeError). */
  diagnostics: RecipeDiagnostic[];
}

type UseSpec = string | { name: string; range?: RecipeDiagnostic['range'] };

/**
 * Built-ins plus each `use`, loaded one by one so a package that is missing or is not a plugin
 * package becomes a diagnostic at its `use` line (file:line:col) rather than a bare error.
 */
async function loadRecipePlugins(
  ctx: Pick<CliContext, 'loadPlugins'>,
  uses: readonly UseSpec[],
  fromDir: string,
  fail: (d: RecipeDiagnostic[]) => Error,
): Promise<PluginPackage[]> {
  const plugins = await ctx.loadPlugins([], fromDir);
  const names = new Set(plugins.map((p) => p.name));
  const problems: RecipeDiagnostic[] = [];
  for (const use of uses) {
    const name = typeof use === 'string' ? use : use.name;
    try {
      for (const pkg of await ctx.loadPlugins([name], fromDir)) {
        if (!names.has(pkg.name)) plugins.push(pkg);
        names.add(pkg.name);
      }
    } catch (error) {
      if (!SptError.is(error)) throw error;
      const range = typeof use === 'string' ? undefined : use.range;
      problems.push({ severity: 'error', code: error.code, message: error.what, range, expected: error.expected, fix: error.fix });
    }
  }
  if (problems.length) throw fail(problems);
  return plugins;
}

/**
 * Reads, parses and compiles a recipe: its `use` packages load from the recipe's folder, then
 * the whole recipe is validated against the loaded plugins' manifests. Throws RecipeError.
 */
export async function compileRecipeFile(ctx: Pick<CliContext, 'loadPlugins'>, file: string): Promise<CompiledRecipe> {
  const api = dslApi();
  const text = readRecipe(file);
  const format = (d: RecipeDiagnostic[]) => (api.formatDiagnostics ? api.formatDiagnostics(d, text, file) : formatDiagnosticsPlain(d, file));
  const fail = (diagnostics: RecipeDiagnostic[]) => new RecipeError(file, diagnostics, format(diagnostics));
  const parsed = api.parseRecipe(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) throw fail(parsed.diagnostics);
  const plugins = await loadRecipePlugins(ctx, parsed.uses, path.dirname(file), fail);
  const registry = createRegistry(plugins);
  const compiled = api.compileRecipe(text, { file, registry });
  if (!compiled.config || compiled.diagnostics.some((d) => d.severity === 'error')) throw fail(compiled.diagnostics);
  return { file, config: compiled.config, plugins, registry, diagnostics: compiled.diagnostics };
}
