import { definePluginPackage } from '@spt/core';

/** The @spt/testbed plugin package (filled in by its issue). */
const plugins = definePluginPackage({ name: '@spt/testbed', version: '0.1.0', plugins: [] });
export default plugins;
