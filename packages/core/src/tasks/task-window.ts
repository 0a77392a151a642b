import type { Rng } from '../util/rng';
import type { Tokenizer } from '../spec/tokenizer';
import { splitRange } from '../data/windower';

export interface TaskCut {
  prefix: string;
  suffix: string;
}

/**
 * One prefix / K-token suffix cut of a document for a task, on the policy's tokens: the split point
 * is uniform over [prefixMin, length - k] and the prefix is at most prefixMax tokens before it (as
 * training windows are cut). Undefined for a document shorter than prefixMin + k tokens.
 */
export function cutForTask(text: string, tokenizer: Tokenizer, o: { prefixMin: number; prefixMax: number; k: number }, rng: Rng): TaskCut | undefined {
  const tokens = tokenizer.encode(text);
  const range = splitRange(tokens.length, { ...o, perDocument: 1 });
  if (!range) return undefined;
  const s = rng.range(range[0], range[1]);
  return { prefix: tokenizer.decode(tokens.slice(Math.max(0, s - o.prefixMax), s)), suffix: tokenizer.decode(tokens.slice(s, s + o.k)) };
}
