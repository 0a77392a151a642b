import type { PluginDefinition } from '@spt/core';

/** Plugin definitions of the tfjs backend (manifests only here; the engine loads inside create). */
export const tfjsPlugins: PluginDefinition[] = [];
