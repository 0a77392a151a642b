import { definePluginPackage } from '@spt/core';

/** The @spt/judges plugin package (filled in by its issue). */
const plugins = definePluginPackage({ name: '@spt/judges', version: '0.1.0', plugins: [] });
export default plugins;
