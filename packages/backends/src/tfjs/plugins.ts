import type { PluginContext, PluginDefinition, PolicyBackend } from '@spt/core';
import { definePlugin } from '@spt/core';
import { tfjsGptOptions, type TfjsGptOptions } from './options';

/**
 * `tfjs.gpt`: the embedded policy backend. Creating it sets TensorFlow's thread counts, then
 * loads TensorFlow.js (native kernels) and the engine; importing this file loads neither.
 */
export const tfjsGptPlugin = definePlugin<PolicyBackend, TfjsGptOptions>({
  manifest: {
    name: 'tfjs.gpt',
    kind: 'policy',
    version: '0.1.0',
    description:
      'Llama-style GPT (RMSNorm, rotary positions, SwiGLU) trained in-process on TensorFlow.js native kernels; byte or Hugging Face tokenizer; exports a Hugging Face Llama folder',
    options: tfjsGptOptions,
  },
  async create(options: TfjsGptOptions, ctx: PluginContext) {
    const { configureTensorflowEnv } = await import('./runtime/configure-threads');
    configureTensorflowEnv(options.threads);
    if (options.device !== 'auto') process.env.SPT_TFJS_DEVICE = options.device;
    const { createTfjsGptBackend } = await import('./engine');
    return createTfjsGptBackend(options, { seed: ctx.seed, log: (m) => ctx.log(m) });
  },
});

/** Plugin definitions of the tfjs backend (manifests only here; the engine loads inside create). */
export const tfjsPlugins: PluginDefinition[] = [tfjsGptPlugin as PluginDefinition];
