import type { Rng } from '@spt/core';

/**
 * Draws one token from a row of logits (pure). temperature 0 is greedy (first maximum);
 * otherwise softmax(logits / temperature) restricted to the smallest set of most likely tokens
 * whose mass reaches topP (ties kept in id order), renormalized. One rng draw per call.
 */
export function sampleToken(logits: ArrayLike<number>, temperature: number, topP: number, rng: Rng): number {
  const n = logits.length;
  const u = rng.next();
  let best = 0;
  for (let i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
  if (temperature <= 0) return best;
  const max = logits[best];
  const probs = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    probs[i] = Math.exp((logits[i] - max) / temperature);
    total += probs[i];
  }
  if (topP >= 1) {
    let acc = 0;
    const target = u * total;
    for (let i = 0; i < n; i++) {
      acc += probs[i];
      if (acc > target) return i;
    }
    return best;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[b] - probs[a] || a - b);
  let kept = 0;
  let mass = 0;
  while (kept < n && (kept === 0 || mass < topP * total)) mass += probs[order[kept++]];
  let acc = 0;
  const target = u * mass;
  for (let j = 0; j < kept; j++) {
    acc += probs[order[j]];
    if (acc > target) return order[j];
  }
  return order[0];
}
