/** Text in, text out: the strong post-trained model behind LLM judges and rewriters. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type ResponseFormat =
  | { type: 'json_schema'; name: string; schema: Record<string, unknown> }
  | { type: 'regex'; pattern: string };

export interface CompletionRequest {
  /** Chat input; use `prompt` instead for a raw completions endpoint. */
  messages?: ChatMessage[];
  prompt?: string;
  maxTokens: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  stop?: string[];
  /** Structured output where the server supports it (json_schema, guided regex, grammar). */
  responseFormat?: ResponseFormat;
  signal?: AbortSignal;
  /** Labels for the cost ledger (which aspect, step and candidate sources this call serves). */
  tags?: UsageTags;
}

/** Cost attribution of one request (see CostLedger). */
export interface UsageTags {
  aspect?: string;
  step?: number;
  sources?: readonly string[];
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export interface CompletionResult {
  text: string;
  usage: Usage;
  /** The model that answered (as reported by the server). */
  model: string;
  finishReason?: string;
}

/**
 * A model endpoint. Throws SptError (code `completion.*`) after its own retries give up;
 * judges turn that into an abstention.
 */
export interface CompletionModel {
  readonly name: string;
  /** Identifies the model for cache keys (e.g. `openai:http://host/v1:llama-3-70b`). */
  readonly id: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
  close?(): Promise<void>;
}
