import type { CompletionRequest, CompletionResult } from '@spt/core';

/** How a model's server takes structured-output requests. */
export type StructuredMode = 'none' | 'json_schema' | 'vllm';

export interface BodyOptions {
  model: string;
  structured: StructuredMode;
  /** Merged into every body (vendor parameters such as `chat_template_kwargs`). */
  extraBody: Record<string, unknown>;
}

/** The endpoint path (after the base URL) a request goes to. */
export function requestPath(request: CompletionRequest): '/chat/completions' | '/completions' {
  return request.messages ? '/chat/completions' : '/completions';
}

/**
 * The JSON body of an OpenAI-compatible chat or completions request. Structured output is sent
 * only when the model's `structured` mode says the server understands it.
 */
export function buildRequestBody(request: CompletionRequest, options: BodyOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { ...options.extraBody, model: options.model, max_tokens: request.maxTokens };
  if (request.messages) body.messages = request.messages;
  else body.prompt = request.prompt ?? '';
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  const format = request.responseFormat;
  if (format && options.structured === 'json_schema') {
    if (format.type === 'json_schema') {
      body.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: true } };
    }
  } else if (format && options.structured === 'vllm') {
    if (format.type === 'json_schema') body.guided_json = format.schema;
    else body.guided_regex = format.pattern;
  }
  return body;
}

/** What is wrong with a response body, for retry decisions and messages. */
export class BadResponseError extends Error {}

/**
 * Reads the text, usage and model from a parsed response body. Throws BadResponseError for a
 * body without a choice. Missing usage is estimated (about 4 characters a token) and flagged.
 */
export function parseResponseBody(
  json: unknown,
  kind: '/chat/completions' | '/completions',
  request: CompletionRequest,
): CompletionResult & { usageEstimated: boolean } {
  const body = json as {
    model?: unknown;
    choices?: Array<{ message?: { content?: unknown }; text?: unknown; finish_reason?: unknown }>;
    usage?: { prompt_tokens?: unknown; completion_tokens?: unknown };
  };
  const choice = Array.isArray(body?.choices) ? body.choices[0] : undefined;
  if (!choice) throw new BadResponseError('the response has no choices');
  const raw = kind === '/chat/completions' ? choice.message?.content : choice.text;
  if (raw !== null && raw !== undefined && typeof raw !== 'string') throw new BadResponseError('the choice has no text');
  const text = typeof raw === 'string' ? raw : '';
  const pt = body.usage?.prompt_tokens;
  const ct = body.usage?.completion_tokens;
  const usageEstimated = typeof pt !== 'number' || typeof ct !== 'number';
  const promptChars = request.messages
    ? request.messages.reduce((n, m) => n + m.content.length, 0)
    : (request.prompt ?? '').length;
  return {
    text,
    usage: {
      promptTokens: typeof pt === 'number' ? pt : Math.ceil(promptChars / 4),
      completionTokens: typeof ct === 'number' ? ct : Math.ceil(text.length / 4),
    },
    model: typeof body.model === 'string' ? body.model : '',
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
    usageEstimated,
  };
}
