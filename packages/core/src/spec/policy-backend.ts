import type { Tokenizer } from './tokenizer';

/**
 * The policy model. Versioned: a backend states which contract it implements and the core
 * refuses a version it does not know. v1 operations are batched and token-level; the core
 * computes learning rates and schedules and passes them in.
 */
export const BACKEND_SPEC_VERSION = 'spt.backend/1' as const;

export interface BackendCapabilities {
  /** Update kinds the backend implements. */
  updates: Array<UpdateBatch['kind']>;
  /**
   * Positions the model attends over (its context). A request fits when the positions it needs
   * (`positionsNeeded`) are at most this: a scored sequence may hold maxContext + 1 tokens.
   */
  maxContext: number;
  /** e.g. 'cpu', 'tensorflow', 'cuda:0', 'cuda x 8 (fsdp)'. */
  device: string;
  /** Formats `export` writes, e.g. ['hf-safetensors']. */
  exportFormats: string[];
  /** True when the same inputs and seeds give bit-identical results. */
  deterministic: boolean;
  /** Data-parallel world size (1 for in-process backends). */
  worldSize: number;
  /** True when `dpo` updates accept `DpoBatch.anchor` (absent: they do not). */
  dpoAnchor?: boolean;
}

/**
 * The contract's one length rule, which every backend applies to every request: the positions a
 * request needs, given the tokens it spans after the backend's own framing (an EOS a backend puts in
 * front of a document start counts). A scored sequence of n tokens (an ntp sequence; prompt +
 * continuation of nll, dpo and logprobs) needs n - 1 positions, because its last token is only a
 * target and is never fed to the model. Generating k tokens after a p-token prompt spans p + k tokens
 * and needs p + k - 1 positions, because the last sampled token is never fed back. A request fits
 * when `positionsNeeded(tokens) <= capabilities.maxContext`.
 */
export function positionsNeeded(tokens: number): number {
  return Math.max(0, tokens - 1);
}

export interface GenerateRequest {
  /** Token ids of each prompt. */
  prompts: number[][];
  /** New tokens per prompt (K). Exactly this many unless `stopAtEos` and EOS is sampled. */
  maxNewTokens: number;
  temperature: number;
  topP: number;
  /** One seed per prompt: a sequence's sample depends only on its prompt, seed and the weights. */
  seeds: number[];
  stopAtEos?: boolean;
  signal?: AbortSignal;
}

export interface GenerateResult {
  /** New tokens per prompt (EOS excluded). */
  tokens: number[][];
}

export interface LogprobRequest {
  prompts: number[][];
  continuations: number[][];
  /**
   * Whose log-probs: the current policy (default) or the DPO reference model (see `syncReference`).
   * A backend that claims the `dpo` update answers both (what a KL-style reward shaper reads).
   */
  model?: 'policy' | 'reference';
}

/**
 * Plain next-token prediction on whole sequences (the NTP baseline and pretraining). Every backend
 * scores a sequence exactly as sent: the loss is the mean NLL over every token but the first (each
 * predicted from the tokens before it), with no framing of its own; a caller that wants a document's
 * first token learned puts the tokenizer's EOS in front. Sequences have 2+ tokens.
 */
export interface NtpBatch {
  kind: 'ntp';
  sequences: number[][];
}

/** Weighted NLL of targets given prompts, on target tokens only (RF-NLL, SFT). */
export interface NllBatch {
  kind: 'nll';
  examples: Array<{ prompt: number[]; target: number[]; weight: number }>;
}

/**
 * DPO on continuation tokens only, log-probs summed over the continuation, against the
 * backend's reference model (see `syncReference`). Optional NLL on the chosen side with
 * weight `nllAlpha` (0 disables it), and an optional anchor on real text (see `DpoAnchor`).
 */
export interface DpoBatch {
  kind: 'dpo';
  pairs: Array<{ prompt: number[]; chosen: number[]; rejected: number[] }>;
  beta: number;
  nllAlpha: number;
  anchor?: DpoAnchor;
}

/**
 * Next-token prediction on real text inside the same optimizer step as a DPO batch: the loss gains
 * `alpha` times the mean per-token NLL of `sequences` (scored like an `ntp` batch: every token but
 * the first). Backends that accept it say so with `capabilities.dpoAnchor`.
 */
export interface DpoAnchor {
  sequences: number[][];
  alpha: number;
}

/**
 * Group-relative policy gradient (GRPO and Dr. GRPO) on sampled completions with advantages the
 * core computed (see `groupAdvantages`). Per completion token t of sample i, with r = exp(logp -
 * oldLogp): l = -min(r A, clip(r, 1 - clip, 1 + clip) A) + klBeta (exp(ref - logp) - (ref - logp) - 1),
 * the last term the k3 estimate of KL(policy || reference). `oldLogprobs` are the per-token log-probs
 * of the policy that sampled the completion; absent, the backend takes the current policy's values
 * (r = 1: the on-policy step, where the clip is inactive). The loss is sum_i sum_t w_i l_it with w_i
 * = 1 / (n |o_i|) for `normalize: 'sequence'` (GRPO) or 1 / (n constantTokens) for `'constant'`
 * (Dr. GRPO: no length bias), n the number of samples.
 */
export interface GrpoBatch {
  kind: 'grpo';
  samples: Array<{ prompt: number[]; completion: number[]; advantage: number; oldLogprobs?: number[] }>;
  clip: number;
  klBeta: number;
  normalize: 'sequence' | 'constant';
  /** The constant of `normalize: 'constant'` (e.g. the generation budget K). */
  constantTokens: number;
}

export type UpdateBatch = NtpBatch | NllBatch | DpoBatch | GrpoBatch;

export interface UpdateOptions {
  /** Learning rate for this optimizer step (the core evaluates the schedule). */
  lr: number;
  /** Global optimizer step, for logging and bias correction bookkeeping. */
  step: number;
  signal?: AbortSignal;
  /** Run-level optimizer settings (the recipe's `train` block); when set they override the backend's own options. */
  gradClip?: number;
  weightDecay?: number;
  /** Examples per micro-batch (gradient accumulation). */
  microBatch?: number;
}

export interface UpdateStats {
  loss: number;
  /** Tokens that contributed to the loss. */
  tokens: number;
  gradNorm?: number;
  /** Objective-specific numbers, e.g. dpo_margin, dpo_accuracy, chosen_logp, rejected_logp. */
  metrics: Record<string, number>;
}

/** Where `save`/`load` put their files: a directory the backend owns inside a checkpoint. */
export interface PolicyBackend {
  readonly specVersion: typeof BACKEND_SPEC_VERSION;
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  readonly tokenizer: Tokenizer;

  /** Sample continuations; all prompts decode together in one batched loop. */
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Per-token log-probabilities of each continuation given its prompt. */
  logprobs(request: LogprobRequest): Promise<number[][]>;
  /** One optimizer step (gradient accumulation inside the backend keeps memory bounded). */
  update(batch: UpdateBatch, options: UpdateOptions): Promise<UpdateStats>;
  /** Copy the current policy weights into the DPO reference model. */
  syncReference(): Promise<void>;
  /** Everything for an exact resume: weights, optimizer moments, reference model, RNG. */
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
  /** Export weights for other tools, e.g. format 'hf-safetensors'. */
  export(dir: string, format: string): Promise<void>;
  dispose(): Promise<void>;
}
