import type { PluginContext, PluginDefinition, PolicyBackend } from '@spt/core';
import { definePlugin } from '@spt/core';
import { type TorchHfOptions, type TorchLlamaOptions, torchHfOptions, torchLlamaOptions } from './options';

const scale = 'one process, or DDP / FSDP ranks under torchrun (nproc_per_node, nnodes)';

/** `torch.hf`: any Hugging Face causal LM from a local folder, trained by the PyTorch worker. */
export const torchHfPlugin = definePlugin<PolicyBackend, TorchHfOptions>({
  manifest: {
    name: 'torch.hf',
    kind: 'policy',
    version: '0.1.0',
    description: `Hugging Face causal LM from a folder (continual pretraining) in a PyTorch worker; ${scale}; checkpoints and export in HF format`,
    options: torchHfOptions,
  },
  async create(options: TorchHfOptions, ctx: PluginContext) {
    const { createTorchBackend } = await import('./create-backend');
    return createTorchBackend('torch.hf', options, ctx);
  },
});

/** `torch.llama`: a fresh Llama from a config (from-scratch pretraining), same worker. */
export const torchLlamaPlugin = definePlugin<PolicyBackend, TorchLlamaOptions>({
  manifest: {
    name: 'torch.llama',
    kind: 'policy',
    version: '0.1.0',
    description: `fresh Llama (RMSNorm, rotary, SwiGLU; options as tfjs.gpt) in a PyTorch worker; ${scale}; HF checkpoints and export`,
    options: torchLlamaOptions,
  },
  async create(options: TorchLlamaOptions, ctx: PluginContext) {
    const { createTorchBackend } = await import('./create-backend');
    return createTorchBackend('torch.llama', options, ctx);
  },
});

/** Plugin definitions of the torch backend (manifests only here; the worker starts inside create). */
export const torchPlugins: PluginDefinition[] = [torchHfPlugin as PluginDefinition, torchLlamaPlugin as PluginDefinition];
