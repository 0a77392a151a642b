import { z } from 'zod';
import { budgetSchema, priceSchema } from './shared-options';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as OPENAI_API_KEY');
const httpUrl = z.string().regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL such as http://127.0.0.1:8000/v1');
/** Header names that carry credentials: they must come from the environment (headers_env). */
const SECRET_HEADERS = /^(authorization|proxy-authorization|x-api-key|api-key|cookie)$/i;

const endpointSchema = z.strictObject({
  base_url: httpUrl,
  concurrency: z.number().int().positive().optional(),
});

/** Options of the `openai` completion model (any OpenAI-compatible server). */
export const openAiOptionsSchema = z
  .strictObject({
    /** One server; or list several under `endpoints` for least-loaded routing. */
    base_url: httpUrl.optional(),
    endpoints: z.array(endpointSchema).min(1).optional(),
    /** The model name the server expects in the request. */
    model: z.string().min(1),
    /** Name of the environment variable holding the API key (never the key itself). */
    api_key_env: envName.optional(),
    headers: z
      .record(z.string(), z.string())
      .refine((h) => !Object.keys(h).some((k) => SECRET_HEADERS.test(k)), 'no credential headers: name them in headers_env')
      .default({}),
    /** Headers whose values come from environment variables: `{ "x-api-key": "MY_KEY_VAR" }`. */
    headers_env: z.record(z.string(), envName).default({}),
    /** Seconds one attempt may take, response body included. */
    timeout: z.number().positive().default(120),
    retries: z.number().int().min(0).max(20).default(4),
    /** Backoff before the first retry, seconds (doubles each retry, with jitter, up to retry_max_delay). */
    retry_base_delay: z.number().min(0).default(0.5),
    retry_max_delay: z.number().min(0).default(30),
    /** A Retry-After longer than this many seconds fails the call instead of waiting. */
    max_retry_after: z.number().min(0).default(120),
    /** Requests in flight per endpoint (an endpoint's own `concurrency` overrides it). */
    concurrency: z.number().int().positive().default(16),
    /** How the server takes structured output: OpenAI `response_format`, vLLM `guided_*`, or not at all. */
    structured: z.enum(['none', 'json_schema', 'vllm']).default('none'),
    /** Extra fields merged into every request body (vendor parameters). */
    extra_body: z.record(z.string(), z.unknown()).default({}),
    circuit_breaker: z
      .strictObject({ failures: z.number().int().positive().default(5), cooldown: z.number().positive().default(10) })
      .default({ failures: 5, cooldown: 10 }),
    price: priceSchema.optional(),
    budget: budgetSchema.optional(),
  })
  .refine((o) => (o.base_url === undefined) !== (o.endpoints === undefined), {
    message: 'set exactly one of base_url or endpoints',
    path: ['base_url'],
  });

export type OpenAiOptions = z.infer<typeof openAiOptionsSchema>;
