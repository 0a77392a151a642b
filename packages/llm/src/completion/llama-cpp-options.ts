import { z } from 'zod';
import { budgetSchema, priceSchema } from './shared-options';

/** Options of the `llama_cpp` completion model (a local GGUF file through node-llama-cpp). */
export const llamaCppOptionsSchema = z.strictObject({
  /** The GGUF file; relative paths start at the recipe's folder. */
  model_path: z.string().min(1),
  /** Context window in tokens (capped at the model's training context). */
  context_size: z.number().int().positive().default(4096),
  /** CPU threads for inference; default half the cores (the policy trains on the rest). */
  threads: z.number().int().positive().optional(),
  /** `none` forces the CPU build; `auto` uses a GPU build when one is installed. */
  gpu: z.enum(['auto', 'none', 'cuda', 'vulkan', 'metal']).default('auto'),
  /** Parallel sequences in one context (requests served at once). */
  concurrency: z.number().int().positive().default(1),
  /** Chat format: the model's own template (`auto`), or ChatML / a plain general format. */
  chat_wrapper: z.enum(['auto', 'chatml', 'general']).default('auto'),
  price: priceSchema.optional(),
  budget: budgetSchema.optional(),
});

export type LlamaCppOptions = z.infer<typeof llamaCppOptionsSchema>;
