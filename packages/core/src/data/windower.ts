import type { Document } from '../spec/document-source';
import type { Tokenizer } from '../spec/tokenizer';
import type { Window, WindowOptions, Windower } from '../spec/windower';
import type { Rng } from '../util/rng';

/**
 * Valid split points (= prefix lengths) of a document of `length` tokens: every s with
 * prefixMin <= s <= prefixMax and s + k <= length (the suffix is always exactly K tokens).
 * Returns [lo, hi] or undefined when the document is too short.
 */
export function splitRange(length: number, options: WindowOptions): [number, number] | undefined {
  const lo = Math.max(1, options.prefixMin);
  const hi = Math.min(options.prefixMax, length - options.k);
  return hi >= lo ? [lo, hi] : undefined;
}

/**
 * Draws `count` distinct split points uniformly from [lo, hi] (all of them when the range is
 * smaller than `count`), in draw order. Partial Fisher-Yates on the range: O(count) memory.
 */
export function drawSplitPoints(lo: number, hi: number, count: number, rng: Rng): number[] {
  const size = hi - lo + 1;
  const take = Math.min(count, size);
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const out: number[] = [];
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(size - i);
    const vj = at(j);
    swapped.set(j, at(i));
    out.push(lo + vj);
  }
  return out;
}

/** Cuts (prefix, suffix) windows from a document's token ids at the given split points. */
export function cutWindows(doc: Document, tokens: readonly number[], splits: readonly number[], k: number, tokenizer: Tokenizer): Window[] {
  return splits.map((s, index) => {
    const prefixTokens = tokens.slice(0, s);
    const suffixTokens = tokens.slice(s, s + k);
    return {
      docId: doc.id,
      index,
      prefixTokens,
      suffixTokens,
      prefix: tokenizer.decode(prefixTokens),
      suffix: tokenizer.decode(suffixTokens),
      ...(doc.meta === undefined ? {} : { meta: doc.meta }),
    };
  });
}

/**
 * The default windower. The prefix always starts at the document's first token; the split point
 * s (the prefix length) is uniform over the integers in [max(1, prefix_min), min(prefix_max,
 * length - k)], and `per_document` distinct split points are drawn (fewer if the range is
 * smaller). Documents shorter than prefix_min + k give no window (the feed counts them).
 */
export function createRandomSplitWindower(): Windower {
  return {
    name: 'random-split',
    windows(doc, tokenizer, options, rng) {
      const tokens = tokenizer.encode(doc.text);
      const range = splitRange(tokens.length, options);
      if (!range) return [];
      return cutWindows(doc, tokens, drawSplitPoints(range[0], range[1], options.perDocument, rng), options.k, tokenizer);
    },
  };
}
