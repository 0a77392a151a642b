import { createRng } from '../util/rng';

/**
 * A count-free bigram language model over a vocabulary of V tokens: logits W[prev][next]
 * (Float64Array, row-major V x V). Pure functions over it, all deterministic: the same inputs give
 * bit-identical outputs. The first token of a sequence is predicted from `bos`.
 */
export interface BigramModel {
  vocab: number;
  bos: number;
  w: Float64Array;
}

export function createBigramModel(vocab: number, bos: number, seed: number, initScale = 0.01): BigramModel {
  const rng = createRng(seed);
  const w = new Float64Array(vocab * vocab);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal() * initScale;
  return { vocab, bos, w };
}

/** Softmax of row `prev` at `temperature` (written into `out`, length V). */
export function rowProbs(m: BigramModel, prev: number, temperature: number, out = new Float64Array(m.vocab)): Float64Array {
  const base = prev * m.vocab;
  let max = -Infinity;
  for (let j = 0; j < m.vocab; j++) max = Math.max(max, m.w[base + j] / temperature);
  let sum = 0;
  for (let j = 0; j < m.vocab; j++) {
    out[j] = Math.exp(m.w[base + j] / temperature - max);
    sum += out[j];
  }
  for (let j = 0; j < m.vocab; j++) out[j] /= sum;
  return out;
}

/** Samples a token from `probs` keeping the smallest top set whose mass reaches `topP`. */
export function sampleTopP(probs: Float64Array, topP: number, u: number): number {
  if (topP >= 1) {
    let acc = 0;
    for (let j = 0; j < probs.length; j++) {
      acc += probs[j];
      if (u < acc) return j;
    }
    return probs.length - 1;
  }
  const order = [...probs.keys()].sort((a, b) => probs[b] - probs[a] || a - b);
  let mass = 0;
  let keep = 0;
  while (keep < order.length && mass < topP) mass += probs[order[keep++]];
  let acc = 0;
  for (let i = 0; i < keep; i++) {
    acc += probs[order[i]] / mass;
    if (u < acc) return order[i];
  }
  return order[keep - 1];
}

/** Samples `n` tokens after `prompt` with its own seeded RNG. */
export function sampleSequence(
  m: BigramModel,
  prompt: readonly number[],
  n: number,
  options: { temperature: number; topP: number; seed: number; eos?: number },
): number[] {
  const rng = createRng(options.seed);
  const probs = new Float64Array(m.vocab);
  const out: number[] = [];
  let prev = prompt.length ? prompt[prompt.length - 1] : m.bos;
  for (let t = 0; t < n; t++) {
    const u = rng.next();
    const tok =
      options.temperature <= 0 ? argmax(m, prev) : sampleTopP(rowProbs(m, prev, options.temperature, probs), options.topP, u);
    if (tok === options.eos) break;
    out.push(tok);
    prev = tok;
  }
  return out;
}

function argmax(m: BigramModel, prev: number): number {
  let best = 0;
  for (let j = 1; j < m.vocab; j++) if (m.w[prev * m.vocab + j] > m.w[prev * m.vocab + best]) best = j;
  return best;
}

/** Log-probability of each token of `continuation` after `prompt`. */
export function tokenLogprobs(m: BigramModel, prompt: readonly number[], continuation: readonly number[]): number[] {
  const probs = new Float64Array(m.vocab);
  let prev = prompt.length ? prompt[prompt.length - 1] : m.bos;
  return continuation.map((tok) => {
    const lp = Math.log(rowProbs(m, prev, 1, probs)[tok]);
    prev = tok;
    return lp;
  });
}

/**
 * Adds `scale * d(sum log p(continuation | prompt))/dW` to `grad` (same layout as W):
 * for each position, row prev gets scale * (onehot(token) - softmax(row)).
 */
export function accumulateLogprobGrad(
  m: BigramModel,
  grad: Float64Array,
  prompt: readonly number[],
  continuation: readonly number[],
  scale: number,
): void {
  const probs = new Float64Array(m.vocab);
  let prev = prompt.length ? prompt[prompt.length - 1] : m.bos;
  for (const tok of continuation) {
    rowProbs(m, prev, 1, probs);
    const base = prev * m.vocab;
    for (let j = 0; j < m.vocab; j++) grad[base + j] -= scale * probs[j];
    grad[base + tok] += scale;
    prev = tok;
  }
}
