import { z } from 'zod';

/**
 * Options of the torch policy plugins, as a recipe writer types them (snake_case). Cheap to
 * import: zod only. `torch.hf` loads a Hugging Face model folder; `torch.llama` starts a fresh
 * Llama from a config. Both share the worker, training and scale-out options.
 */
const positiveInt = z.number().int().positive();

const workerShape = {
  python: z.string().min(1).optional().describe('Python with torch + transformers (default: $SPT_PYTHON, then the venv of `spt setup torch`)'),
  device: z.enum(['auto', 'cpu', 'cuda']).default('auto').describe('auto: CUDA when torch sees it, else CPU'),
  precision: z.enum(['auto', 'bf16', 'fp32']).default('auto').describe('auto: bf16 autocast on CUDA, float32 on CPU'),
  strategy: z.enum(['ddp', 'fsdp']).default('ddp').describe('data parallelism across ranks (FSDP shards weights and optimizer state)'),
  nproc_per_node: positiveInt.max(64).default(1).describe('ranks on this machine; more than 1 starts the worker under torchrun'),
  nnodes: positiveInt.max(4096).default(1).describe('machines; the others run torchrun themselves (docs/backends.md)'),
  master_addr: z.string().min(1).optional().describe('multi-node: address of this machine, where global rank 0 runs'),
  master_port: positiveInt.max(65535).default(29500).describe('multi-node: rendezvous port on master_addr'),
  micro_batch: z.number().int().min(0).optional().describe('examples per forward/backward on each rank (default: the recipe train.micro_batch; 0 = whole share)'),
  gen_batch: z.number().int().min(0).default(0).describe('prompts per generation chunk on each rank (0 = all at once)'),
  decode: z.enum(['dynamic', 'static', 'compiled']).default('dynamic').describe('KV cache of generate: dynamic, static (fixed shapes), compiled (static + torch.compile; CUDA graphs on GPUs)'),
  gather_for_generation: z.boolean().default(true).describe('FSDP: unshard the weights once per generate call instead of once per token (needs memory for the full weights)'),
  grad_clip: z.number().min(0).optional().describe('global gradient-norm clip (default: the recipe train.grad_clip, else 1; 0 disables)'),
  weight_decay: z.number().min(0).optional().describe('AdamW decay on weight matrices (default: the recipe train.weight_decay, else 0)'),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.95),
  eps: z.number().positive().default(1e-8),
  activation_checkpointing: z.boolean().default(false).describe('recompute activations in backward to save memory'),
  reference: z.boolean().default(true).describe('keep a reference model for DPO (frozen at start, or synced)'),
  attn_implementation: z.enum(['sdpa', 'eager', 'flash_attention_2']).default('sdpa'),
  seed: z.number().int().min(0).optional().describe('seed of fresh weights (default: the run seed)'),
  threads: positiveInt.max(1024).optional().describe('torch CPU threads per rank'),
  startup_timeout_s: positiveInt.default(600).describe('how long to wait for the worker to connect'),
};

export const torchHfOptions = z.strictObject({
  model: z.string().min(1).describe('a Hugging Face model folder (config.json + safetensors), e.g. one exported by tfjs.gpt or torch'),
  tokenizer: z.string().min(1).optional().describe("'bytes' or a folder with tokenizer.json (default: the model folder)"),
  ...workerShape,
});

export const torchLlamaOptions = z
  .strictObject({
    layers: positiveInt.max(512).default(4),
    d_model: positiveInt.max(65536).default(128),
    heads: positiveInt.max(1024).default(4),
    kv_heads: positiveInt.optional().describe('grouped-query attention heads (default: heads)'),
    context: positiveInt.max(1 << 20).default(256).describe('longest prompt + continuation, in tokens'),
    ffn_dim: positiveInt.optional().describe('SwiGLU hidden width (default: 8/3 d_model rounded up to 64)'),
    vocab: positiveInt.optional().describe("embedding rows (default: the tokenizer's vocabulary)"),
    tied_head: z.boolean().default(true).describe('share the token embedding with the output head'),
    rope_theta: z.number().positive().default(10000),
    norm_eps: z.number().positive().default(1e-5),
    tokenizer: z.string().min(1).default('bytes').describe("'bytes' (256 bytes + EOS, as tfjs.gpt) or a folder with tokenizer.json"),
    ...workerShape,
  })
  .superRefine((o, ctx) => {
    if (o.d_model % o.heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['heads'], message: `heads must divide d_model (${o.d_model} / ${o.heads} is not whole)` });
    }
    if (o.kv_heads !== undefined && o.heads % o.kv_heads !== 0) {
      ctx.addIssue({ code: 'custom', path: ['kv_heads'], message: `kv_heads must divide heads (${o.heads} / ${o.kv_heads} is not whole)` });
    }
  });

export type TorchHfOptions = z.output<typeof torchHfOptions>;
export type TorchLlamaOptions = z.output<typeof torchLlamaOptions>;
/** Options shared by both plugins (after defaults). */
export type TorchWorkerOptions = Omit<TorchHfOptions, 'model' | 'tokenizer'>;
