import { z } from 'zod';
import type { Budget, Price } from '../ledger/price';

/** `price: { prompt, completion }` per one million tokens, any currency. */
export const priceSchema = z.strictObject({
  prompt: z.number().min(0),
  completion: z.number().min(0),
});

/** `budget: { max_tokens, max_cost }`: run-level limits shared by every model of the run. */
export const budgetSchema = z.strictObject({
  max_tokens: z.number().int().positive().optional(),
  max_cost: z.number().positive().optional(),
});

export function toBudget(b: z.infer<typeof budgetSchema> | undefined): Budget {
  return { maxTokens: b?.max_tokens, maxCost: b?.max_cost };
}

export function toPrice(p: z.infer<typeof priceSchema> | undefined): Price | undefined {
  return p ? { prompt: p.prompt, completion: p.completion } : undefined;
}
