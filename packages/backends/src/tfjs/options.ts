import { z } from 'zod';

/**
 * Options of the `tfjs.gpt` policy plugin, as a recipe writer types them (snake_case).
 * Cheap to import: zod only, no TensorFlow.
 */
const positiveInt = z.number().int().positive();

export const tfjsOptimizerOptions = z.strictObject({
  /** AdamW first-moment decay. */
  beta1: z.number().min(0).lt(1).default(0.9),
  /** AdamW second-moment decay. */
  beta2: z.number().min(0).lt(1).default(0.95),
  eps: z.number().positive().default(1e-8),
  /** Decoupled weight decay on weight matrices (not on norms). */
  weight_decay: z.number().min(0).default(0.1),
});

export const tfjsGptOptions = z
  .strictObject({
    layers: positiveInt.max(128).default(4),
    d_model: positiveInt.max(16384).default(128),
    heads: positiveInt.max(256).default(4),
    /** Longest prompt + continuation, in tokens. */
    context: positiveInt.max(32768).default(256),
    /** Hidden width of the SwiGLU MLP (default: 8/3 d_model rounded up to a multiple of 64). */
    ffn_dim: positiveInt.optional(),
    /** 'bytes' (256 byte tokens + EOS) or the path of a Hugging Face tokenizer.json. */
    tokenizer: z.string().min(1).default('bytes'),
    /** Embedding rows; default the tokenizer's vocabulary size (a larger value pads). */
    vocab: positiveInt.optional(),
    /** Share the token embedding with the output head. */
    tied_head: z.boolean().default(true),
    /** Residual dropout while training (0 disables it). */
    dropout: z.number().min(0).lt(1).default(0),
    rope_theta: z.number().positive().default(10000),
    norm_eps: z.number().positive().default(1e-5),
    /** Standard deviation of the initial weights. */
    init_std: z.number().positive().default(0.02),
    optimizer: tfjsOptimizerOptions.default({ beta1: 0.9, beta2: 0.95, eps: 1e-8, weight_decay: 0.1 }),
    /** Clip the global gradient norm to this value (0 disables clipping). */
    grad_clip: z.number().min(0).default(1),
    /** Sequences per forward/backward pass; larger batches accumulate gradients. */
    micro_batch: positiveInt.default(16),
    /** Seed of the initial weights and dropout (default: the run's seed). */
    seed: z.number().int().min(0).optional(),
    /** TensorFlow intra-op threads (default: all cores). Applies when TensorFlow first loads. */
    threads: positiveInt.max(1024).optional(),
    /** 'auto' uses @tensorflow/tfjs-node-gpu when it is installed, else the CPU build. */
    device: z.enum(['auto', 'cpu', 'gpu']).default('auto'),
    /** A directory written by `save` (or a checkpoint's policy folder) to start from. */
    init: z.string().min(1).optional(),
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
