import { definePluginPackage } from '@spt/core';

/** The @spt/rewriters plugin package (filled in by its issue). */
const plugins = definePluginPackage({ name: '@spt/rewriters', version: '0.1.0', plugins: [] });
export default plugins;
