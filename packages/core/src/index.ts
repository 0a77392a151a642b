import 'reflect-metadata';

export * from './spec/index';
export { SptError, formatErrorMessage, type SptErrorDetails } from './errors';
export { createRng, deriveSeed, type Rng, type RngState } from './util/rng';
export { closest, didYouMean, editDistance } from './util/closest';
export { PluginRegistry, unknownPluginError } from './plugins/registry';
export { createSptContainer, createRegistry } from './plugins/container';
export { loadPluginPackage } from './plugins/load-package';
export { validateOptions, describeValue, type OptionIssue, type OptionsResult } from './plugins/validate-options';
