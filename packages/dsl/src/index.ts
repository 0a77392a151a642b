/**
 * @spt/dsl: the .spt recipe language. Parse a recipe (`parseRecipe`), compile it to a RunConfig
 * with diagnostics (`compileRecipe`), print diagnostics (`formatDiagnostics`), format a recipe
 * (`formatRecipe`), or build the same RunConfig in TypeScript (`defineRunConfig`).
 */
export { parseRecipe, type ParseResult, type UseRef } from './parse-recipe';
export { compileRecipe, useDiagnostic, type CompileOptions, type CompileResult } from './compile-recipe';
export { formatRecipe, type FormatResult } from './format/format-recipe';
export { formatDiagnostics } from './diagnostics/format-diagnostics';
export { hasErrors, sortDiagnostics, type Diagnostic, type Position, type Range, type Severity } from './diagnostics/diagnostic';
export { defineRunConfig, sumOfAspects, type DefineOptions } from './config/define-run-config';
export { DEFAULTS, CURRICULUM_PARAMS, BUILTIN_SOURCES } from './config/defaults';
export type * from './config/run-config-input';
export { validateRunConfig, type ValidateOptions } from './validate/validate-run-config';
export type { ConfigIssue } from './validate/issues';
export { STATEMENT_FORMS } from './syntax/forms';
export type * from './ast/ast';
