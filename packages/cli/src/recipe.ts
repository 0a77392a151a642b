import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, UseRef } from '@spt/dsl';
import { createRegistry, SptError, type PluginPackage, type PluginRegistry, type RunConfig } from '@spt/core';
import type { CliContext } from './command';

export type RecipeDiagnostic = Diagnostic;

/** @spt/dsl, imported on first use: building its parser takes a moment that `spt --help` skips. */
export const loadDsl = () => import('@spt/dsl');

/** An invalid recipe: every diagnostic, formatted with file:line:col and the source line. */
export class RecipeError extends SptError {
  /** `formatted`: the diagnostics as formatDiagnostics of @spt/dsl prints them. */
  constructor(readonly file: string, readonly diagnostics: readonly Diagnostic[], formatted: string) {
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
  text: string;
  config: RunConfig;
  plugins: PluginPackage[];
  registry: PluginRegistry;
  /** Warnings and notes (errors throw a RecipeError). */
  diagnostics: Diagnostic[];
}

/**
 * Built-ins plus each `use`, loaded one by one so a package that is missing or is not a plugin
 * package becomes a diagnostic at its `use` line rather than a bare error.
 */
export async function loadRecipePlugins(
  ctx: Pick<CliContext, 'loadPlugins'>,
  uses: readonly UseRef[],
  fromDir: string,
): Promise<{ plugins: PluginPackage[]; diagnostics: Diagnostic[] }> {
  const { useDiagnostic } = await loadDsl();
  const plugins = await ctx.loadPlugins([], fromDir);
  const names = new Set(plugins.map((p) => p.name));
  const diagnostics: Diagnostic[] = [];
  for (const use of uses) {
    try {
      for (const pkg of await ctx.loadPlugins([use.name], fromDir)) {
        if (!names.has(pkg.name)) plugins.push(pkg);
        names.add(pkg.name);
      }
    } catch (error) {
      if (!SptError.is(error)) throw error;
      diagnostics.push(useDiagnostic(use, error));
    }
  }
  return { plugins, diagnostics };
}

/**
 * Reads, parses and compiles a recipe: its `use` packages load from the recipe's folder, then
 * the whole recipe is validated against the loaded plugins' manifests. Throws RecipeError
 * (exit code 2) listing every problem.
 */
export async function compileRecipeFile(
  ctx: Pick<CliContext, 'loadPlugins'>,
  file: string,
  env: (name: string) => string | undefined = (name) => process.env[name],
): Promise<CompiledRecipe> {
  const { compileRecipe, formatDiagnostics, hasErrors, parseRecipe } = await loadDsl();
  const text = readRecipe(file);
  const fail = (diagnostics: Diagnostic[]) => new RecipeError(file, diagnostics, formatDiagnostics(diagnostics, text, file));
  const parsed = parseRecipe(text, file);
  if (hasErrors(parsed.diagnostics)) throw fail(parsed.diagnostics);
  const loaded = await loadRecipePlugins(ctx, parsed.uses, path.dirname(file));
  if (loaded.diagnostics.length) throw fail(loaded.diagnostics);
  const registry = createRegistry(loaded.plugins);
  const compiled = compileRecipe(text, { file, registry, env });
  if (!compiled.config || hasErrors(compiled.diagnostics)) throw fail(compiled.diagnostics);
  return { file, text, config: compiled.config, plugins: loaded.plugins, registry, diagnostics: compiled.diagnostics };
}
