/**
 * @spt/backends/tfjs: the TensorFlow.js policy backend. Importing this module is cheap; the engine
 * and TensorFlow load when a backend is created or a checkpoint opened.
 */
export { tfjsGptPlugin, tfjsPlugins } from './plugins';
export { tfjsGptOptions, tfjsOptimizerOptions, type TfjsGptOptions, type TfjsGptOptionsInput } from './options';
export { findTfjsCheckpoint, openTfjsCheckpoint } from './open-checkpoint';
export type { TfjsGptBackend } from './engine';
export { checkTfjs, setupTfjs, tfjsSetupScript, type SetupOptions, type TfjsSetupResult } from './setup';
