import { definePluginPackage } from '@spt/core';
import { metricsPlugins } from './metrics';
import { tfjsPlugins } from './tfjs/plugins';
import { torchPlugins } from './torch/plugins';
import { learnedPlugins } from './learned/learned-plugins';

export { tfjsPlugins, torchPlugins, learnedPlugins };
export * from './metrics';

/**
 * The @spt/backends plugin package: manifests of the TF.js and torch policy backends, and judges and
 * a rewriter that run a trained TF.js checkpoint in process (`learned.*`). Importing it
 * is cheap; the engines load lazily when a backend is created.
 */
const backends = definePluginPackage({
  name: '@spt/backends',
  version: '0.1.0',
  plugins: [...tfjsPlugins, ...torchPlugins, ...metricsPlugins, ...learnedPlugins],
});
export default backends;
