/**
 * The wire protocol between the TS client and the Python worker (spt_torch_worker/server.py):
 * JSON lines over a unix socket the client creates in a private folder. The worker (rank 0)
 * connects and sends a hello; the client then sends requests `{id, op, ...}` one at a time and
 * the worker answers `{id, ok, result | error, ms}`.
 */

/** Must equal spt_torch_worker.PROTOCOL_VERSION; bumped on any change a peer could notice. */
export const TORCH_PROTOCOL_VERSION = 1;

/** First line from the worker. */
export interface WorkerHello {
  type: 'hello';
  protocol: number;
  /** spt_torch_worker version. */
  worker: string;
  python: string;
  torch: string;
  transformers: string;
  cuda: boolean;
  worldSize: number;
  ops: string[];
  strategies: string[];
  exportFormats: string[];
}

/** An error as the worker reports it (one rank's; the first failing rank wins). */
export interface WorkerErrorPayload {
  code: string;
  what: string;
  expected?: string | null;
  got?: string | null;
  fix?: string | null;
  /** Python exception class name. */
  type: string;
  /** The Python traceback, as printed by `traceback.format_exception`. */
  traceback: string;
  rank: number;
}

export type WorkerReply =
  | { id: number; ok: true; result: unknown; ms: number }
  | { id: number; ok: false; error: WorkerErrorPayload; ms: number };

/** Result of `init`: the backend's capabilities plus what the client needs for the tokenizer. */
export interface WorkerInfo {
  updates: Array<'ntp' | 'nll' | 'dpo' | 'grpo'>;
  /** True when dpo updates accept an NTP anchor (workers before it say nothing). */
  dpoAnchor?: boolean;
  maxContext: number;
  device: string;
  exportFormats: string[];
  deterministic: boolean;
  worldSize: number;
  vocabSize: number;
  eos: number | null;
  /** Folder (on this machine) holding tokenizer.json + tokenizer_config.json. */
  tokenizerDir: string;
  precision: 'bf16' | 'fp32';
  parameters: number;
}

/** Options the worker's `init` accepts (spt_torch_worker/options.py). */
export interface WorkerInitOptions {
  model?: string;
  fresh?: Record<string, unknown>;
  tokenizer?: string;
  seed: number;
  precision: string;
  strategy: string;
  micro_batch: number;
  gen_batch: number;
  gather_for_generation: boolean;
  decode: string;
  grad_clip: number;
  weight_decay: number;
  betas: [number, number];
  eps: number;
  activation_checkpointing: boolean;
  reference: boolean;
  work_dir: string;
  attn_implementation: string;
}
