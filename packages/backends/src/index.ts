import { definePluginPackage } from '@spt/core';
import { tfjsPlugins } from './tfjs/plugins';
import { torchPlugins } from './torch/plugins';

export { tfjsPlugins, torchPlugins };

/**
 * The @spt/backends plugin package: manifests of the TF.js and torch policy backends. Importing it
 * is cheap; the engines load lazily when a backend is created.
 */
const backends = definePluginPackage({
  name: '@spt/backends',
  version: '0.1.0',
  plugins: [...tfjsPlugins, ...torchPlugins],
});
export default backends;
