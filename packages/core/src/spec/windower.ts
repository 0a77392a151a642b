import type { Document } from './document-source';
import type { Tokenizer } from './tokenizer';
import type { Rng } from '../util/rng';

/** One training example: a prefix and the K tokens that follow it in the document. */
export interface Window {
  docId: string;
  /** Index of this window within its document. */
  index: number;
  prefixTokens: number[];
  /** Exactly K tokens (fewer only if the document ends first). */
  suffixTokens: number[];
  prefix: string;
  suffix: string;
  /** The document's meta, passed to judges and rewriters that can use it. */
  meta?: Record<string, unknown>;
}

export interface WindowOptions {
  /** Suffix length in tokens (the paper's K = 128). */
  k: number;
  /** Minimum prefix length in tokens. */
  prefixMin: number;
  /** Maximum prefix length in tokens (prefix + K must fit the backend's context). */
  prefixMax: number;
  /** Windows cut from one document. */
  perDocument: number;
}

/** Cuts documents into (prefix, K-token suffix) windows at random split points. */
export interface Windower {
  readonly name: string;
  windows(doc: Document, tokenizer: Tokenizer, options: WindowOptions, rng: Rng): Window[];
}
