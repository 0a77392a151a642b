import { z } from 'zod';

/**
 * Options of the `tfjs.gpt` policy plugin, as a recipe writer types them (snake_case).
 * Cheap to import: zod only, no TensorFlow.
 */
const positiveInt = z.number().int().positive();

export const tfjsOptimizerOptions = z.strictObject({
  beta1: z.number().min(0).lt(1).default(0.9).describe('AdamW first-moment decay.'),
  beta2: z.number().min(0).lt(1).default(0.95).describe('AdamW second-moment decay.'),
  eps: z.number().positive().default(1e-8).describe('AdamW denominator epsilon.'),
  weight_decay: z.number().min(0).default(0.1).describe('Decoupled weight decay on weight matrices (not on norms).'),
});

export const tfjsGptOptions = z
  .strictObject({
    layers: positiveInt.max(128).default(4).describe('Transformer blocks.'),
    d_model: positiveInt.max(16384).default(128).describe('Hidden width.'),
    heads: positiveInt.max(256).default(4).describe('Attention heads (must divide d_model; even head size).'),
    context: positiveInt.max(32768).default(256).describe('Longest prompt + continuation, in tokens.'),
    ffn_dim: positiveInt.optional().describe('Hidden width of the SwiGLU MLP (default: 8/3 d_model rounded up to a multiple of 64).'),
    tokenizer: z.string().min(1).default('bytes').describe("'bytes' (256 byte tokens + EOS) or the path of a Hugging Face tokenizer.json."),
    vocab: positiveInt.optional().describe("Embedding rows; default the tokenizer's vocabulary size (a larger value pads)."),
    tied_head: z.boolean().default(true).describe('Share the token embedding with the output head.'),
    dropout: z.number().min(0).lt(1).default(0).describe('Residual dropout while training (0 disables it).'),
    rope_theta: z.number().positive().default(10000).describe('Rotary position base.'),
    norm_eps: z.number().positive().default(1e-5).describe('RMSNorm epsilon.'),
    init_std: z.number().positive().default(0.02).describe('Standard deviation of the initial weights.'),
    optimizer: tfjsOptimizerOptions.default({ beta1: 0.9, beta2: 0.95, eps: 1e-8, weight_decay: 0.1 }).describe('AdamW settings (the learning rate comes from the recipe schedule).'),
    grad_clip: z.number().min(0).default(1).describe('Clip the global gradient norm to this value (0 disables clipping).'),
    micro_batch: positiveInt.default(16).describe('Sequences per forward/backward pass; larger batches accumulate gradients.'),
    seed: z.number().int().min(0).optional().describe("Seed of the initial weights and dropout (default: the run's seed)."),
    threads: positiveInt.max(1024).optional().describe('TensorFlow intra-op threads (default: all cores). Applies when TensorFlow first loads.'),
    device: z.enum(['auto', 'cpu', 'gpu']).default('auto').describe("'auto' uses @tensorflow/tfjs-node-gpu when it is installed, else the CPU build."),
    init: z.string().min(1).optional().describe("A directory written by `save` (or a checkpoint's policy folder), or a Hugging Face Llama folder (config.json, float32 model.safetensors, tokenizer.json; e.g. from torch.hf or spt export), to start from."),
  })
  .superRefine((o, ctx) => {
    if (o.d_model % o.heads !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['heads'],
        message: `heads must divide d_model (d_model ${o.d_model} / heads ${o.heads} is not whole)`,
      });
    } else if ((o.d_model / o.heads) % 2 !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['heads'],
        message: `the head size d_model / heads must be even for rotary positions (got ${o.d_model / o.heads})`,
      });
    }
  });

/** Options after defaults. */
export type TfjsGptOptions = z.output<typeof tfjsGptOptions>;
/** Options as written in a recipe. */
export type TfjsGptOptionsInput = z.input<typeof tfjsGptOptions>;
