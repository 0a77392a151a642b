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
}

/** The @spt/dsl entry points the CLI uses. */
interface DslApi {
  parseRecipe(text: string, file: string): { uses: string[]; diagnostics: RecipeDiagnostic[] };
  compileRecipe(
    text: string,
    options: { file: string; registry: PluginRegistry },
  ): { config?: RunConfig; diagnostics: RecipeDiagnostic[] };
  formatDiagnostics(diagnostics: readonly RecipeDiagnostic[], text: string, file: string): string;
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

/**
 * Reads, parses and compiles a recipe: its `use` packages load from the recipe's folder, then
 * the whole recipe is validated against the loaded plugins' manifests. Throws RecipeError.
 */
export async function compileRecipeFile(ctx: Pick<CliContext, 'loadPlugins'>, file: string): Promise<CompiledRecipe> {
  const api = dslApi();
  const text = readRecipe(file);
  const fail = (diagnostics: RecipeDiagnostic[]) => new RecipeError(file, diagnostics, api.formatDiagnostics(diagnostics, text, file));
  const parsed = api.parseRecipe(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) throw fail(parsed.diagnostics);
  const plugins = await ctx.loadPlugins(parsed.uses, path.dirname(file));
  const registry = createRegistry(plugins);
  const compiled = api.compileRecipe(text, { file, registry });
  if (!compiled.config || compiled.diagnostics.some((d) => d.severity === 'error')) throw fail(compiled.diagnostics);
  return { file, config: compiled.config, plugins, registry, diagnostics: compiled.diagnostics };
}
