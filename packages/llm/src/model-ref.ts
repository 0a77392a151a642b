import { z } from 'zod';

/**
 * `model: { plugin: "openai", base_url: ..., model: ... }`: a completion plugin by name plus its own
 * options (checked by that plugin when the model is created; `spt check` checks them through the
 * manifest's `refs`).
 */
export const modelRefSchema = z.object({ plugin: z.string().min(1) }).catchall(z.unknown());
export type ModelRefOptions = z.infer<typeof modelRefSchema>;
