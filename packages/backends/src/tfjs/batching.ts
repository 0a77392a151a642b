/**
 * Packing token sequences into one padded training batch (pure, no TensorFlow). Sequences start
 * at position 0 and are right-padded, so causal attention never sees padding from a real token.
 */

/** One sequence and the tokens of it that count in the loss: tokens[start..] with `weight`. */
export interface LossSequence {
  tokens: readonly number[];
  /** Index of the first scored token (>= 1: token 0 has no context). */
  start: number;
  weight: number;
}

export interface PackedBatch {
  batch: number;
  /** Padded input length. */
  time: number;
  /** Inputs [batch * time]: tokens[0 .. len-2] of each sequence, then `pad`. */
  ids: Int32Array;
  /** For each scored token: the flat input row (b * time + position) that predicts it. */
  rows: Int32Array;
  labels: Int32Array;
  weights: Float32Array;
  /** Index of the sequence each scored token belongs to. */
  segments: Int32Array;
}

/** Rounds lengths up to a multiple of `multiple` (capped at `cap`) so few distinct shapes occur. */
export function paddedLength(length: number, multiple: number, cap: number): number {
  return Math.min(cap, Math.ceil(length / multiple) * multiple);
}

export function packSequences(seqs: readonly LossSequence[], opts: { multiple: number; cap: number; pad: number }): PackedBatch {
  const longest = Math.max(1, ...seqs.map((s) => s.tokens.length - 1));
  const time = paddedLength(longest, opts.multiple, Math.max(opts.cap, longest));
  const ids = new Int32Array(seqs.length * time).fill(opts.pad);
  const rows: number[] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  const segments: number[] = [];
  seqs.forEach((s, b) => {
    for (let t = 0; t < s.tokens.length - 1; t++) ids[b * time + t] = s.tokens[t];
    for (let j = Math.max(1, s.start); j < s.tokens.length; j++) {
      rows.push(b * time + j - 1);
      labels.push(s.tokens[j]);
      weights.push(s.weight);
      segments.push(b);
    }
  });
  return {
    batch: seqs.length,
    time,
    ids,
    rows: Int32Array.from(rows),
    labels: Int32Array.from(labels),
    weights: Float32Array.from(weights),
    segments: Int32Array.from(segments),
  };
}

/** Splits items into consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
