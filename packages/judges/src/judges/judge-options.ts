import { modelRefSchema } from '@spt/llm';
import { z } from 'zod';

/** Options every LLM judge takes. */
export const llmJudgeFields = {
  model: modelRefSchema,
  /** A prompt template file replacing the default prompt (see docs/judges.md for its slots). */
  prompt_file: z.string().min(1).optional(),
  /** Model answers drawn per judgment: pointwise scores are averaged, pairwise verdicts voted. */
  samples: z.number().int().min(1).max(32).default(1),
  temperature: z.number().min(0).max(2).default(0),
  top_p: z.number().gt(0).max(1).default(1),
  /** Token cap of one answer. */
  max_tokens: z.number().int().positive().default(1024),
  /** Ask for a JSON verdict (grammar or response_format) where the model can enforce it. */
  structured: z.boolean().default(true),
  /** Cap on the reasoning field of a structured verdict, in characters. */
  max_reasoning_chars: z.number().int().positive().default(1200),
  /** Keep the model's raw answer on abstentions only (default) or on every judgment. */
  keep_raw: z.enum(['abstentions', 'all']).default('abstentions'),
};

export const llmJudgeOptionsSchema = z.strictObject(llmJudgeFields);
export type LlmJudgeOptions = z.infer<typeof llmJudgeOptionsSchema>;
