/**
 * How a rewrite's token count is brought to the suffix length K:
 * - longer than K: always cut to the first K tokens (the judge then sees exactly the trained text);
 * - shorter than K: `keep` (default) keeps it short, like a document that ends early; `pad_eos`
 *   pads with the tokenizer's EOS token; `drop` drops the candidate (counted as a failure).
 * `keep` is the default because padding teaches the policy to end documents mid-way and
 * dropping throws away most rewrites that change a name or number.
 */
export type FitRule = 'keep' | 'pad_eos' | 'drop';

/** The fitted tokens, or undefined when the rule drops them. */
export function fitToK(tokens: readonly number[], k: number, rule: FitRule, eos?: number): number[] | undefined {
  if (tokens.length >= k) return tokens.slice(0, k);
  if (rule === 'keep') return [...tokens];
  if (rule === 'drop') return undefined;
  if (eos === undefined) return undefined;
  return [...tokens, ...new Array<number>(k - tokens.length).fill(eos)];
}
