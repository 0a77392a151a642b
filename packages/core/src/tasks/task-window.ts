import type { Rng } from '../util/rng';
import type { Document } from '../spec/document-source';
import type { Tokenizer } from '../spec/tokenizer';
import { splitRange, taskSplitAt, taskWindow } from '../data/windower';

export interface TaskCut {
  prefix: string;
  suffix: string;
}

/**
 * One prefix / K-token suffix cut of a document for a task, on the policy's tokens: the split point
 * is uniform over [prefixMin, length - k] and the prefix is at most prefixMax tokens before it (as
 * training windows are cut). Undefined for a document shorter than prefixMin + k tokens.
 * A document that says where its prompt ends (`meta.split_at`, e.g. `data testbed { task: facts }`,
 * cut right before a fact's value) is cut there, as the training windower cuts it: the suffix is
 * then up to K tokens of its answer, so a task source can aim every task at a known spot.
 */
export function cutForTask(doc: Document, tokenizer: Tokenizer, o: { prefixMin: number; prefixMax: number; k: number }, rng: Rng): TaskCut | undefined {
  const at = taskSplitAt(doc);
  if (at !== undefined) {
    const w = taskWindow(doc, at, tokenizer, o.prefixMax, o.k);
    return w.prefixTokens.length === 0 || w.suffixTokens.length === 0 ? undefined : { prefix: w.prefix, suffix: w.suffix };
  }
  const tokens = tokenizer.encode(doc.text);
  const range = splitRange(tokens.length, { ...o, perDocument: 1 });
  if (!range) return undefined;
  const s = rng.range(range[0], range[1]);
  return { prefix: tokenizer.decode(tokens.slice(Math.max(0, s - o.prefixMax), s)), suffix: tokenizer.decode(tokens.slice(s, s + o.k)) };
}
