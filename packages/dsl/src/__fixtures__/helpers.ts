import { compileRecipe, type CompileResult } from '../compile-recipe';
import { toyRegistry, BASE_RECIPE } from './toy-plugins';
import type { Diagnostic } from '../diagnostics/diagnostic';

/** Compiles against the toy registry. */
export function compileToy(text: string, env?: (name: string) => string | undefined): CompileResult {
  return compileRecipe(text, { file: 'toy.spt', registry: toyRegistry(), env });
}

/** BASE_RECIPE with one literal substring replaced (throws if it is not there, so tests stay honest). */
export function edit(find: string, replace: string, base = BASE_RECIPE): string {
  if (!base.includes(find)) throw new Error(`test setup: ${JSON.stringify(find)} is not in the recipe`);
  return base.replace(find, replace);
}

/** `line:col code message` per diagnostic: compact for pinning. */
export function summary(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code}: ${d.message}`);
}
