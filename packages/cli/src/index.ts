export { runCli, createProgram, cliVersion } from './program';
export type { CliCommand, CliContext } from './command';
export type { CliDeps } from './context';
export { EXIT, exitCodeForError } from './exit-codes';
export { builtinPackages, loadPlugins } from './builtins';
export { compileRecipeFile, defaultRecipePath, RecipeError, type CompiledRecipe, type RecipeDiagnostic } from './recipe';
export { executeRun, type ExecuteRunOptions } from './run/execute-run';
export { scaleSteps, totalSteps } from './run/scale-steps';
