import type { PluginDefinition } from '@spt/core';

/** Plugin definitions of the torch backend (manifests only here; the engine loads inside create). */
export const torchPlugins: PluginDefinition[] = [];
