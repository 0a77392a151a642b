import type { Tokenizer } from '@spt/core';

/**
 * The prompt's tokens with the document prefix shortened from its start until the prompt fits in
 * `budget` tokens (a learned model was trained on short prefixes; the endings are never cut).
 * Undefined when even an empty prefix does not fit.
 */
export function fitPrompt(tokenizer: Tokenizer, budget: number, prefix: string, build: (prefix: string) => string): number[] | undefined {
  let p = prefix;
  for (let tries = 0; tries < 4; tries++) {
    const tokens = tokenizer.encode(build(p));
    const over = tokens.length - budget;
    if (over <= 0) return tokens;
    const prefixTokens = tokenizer.encode(p);
    if (prefixTokens.length === 0) return undefined;
    p = tokenizer.decode(prefixTokens.slice(Math.min(prefixTokens.length, over)));
  }
  const tokens = tokenizer.encode(build(''));
  return tokens.length <= budget ? tokens : undefined;
}
