import type { Document } from '../spec/document-source';
import type { Tokenizer } from '../spec/tokenizer';
import type { Window, WindowOptions, Windower } from '../spec/windower';
import type { Rng } from '../util/rng';

/**
 * Valid split points of a document of `length` tokens: every s with max(1, prefixMin) <= s and
 * s + k <= length (the suffix is always exactly K tokens). Returns [lo, hi] or undefined when the
 * document is too short. The prefix is then the (up to) prefixMax tokens before s, so a long
 * document is used all along its length, not only in its first prefixMax + k tokens.
 */
export function splitRange(length: number, options: WindowOptions): [number, number] | undefined {
  const lo = Math.max(1, options.prefixMin);
  const hi = length - options.k;
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

/**
 * Cuts (prefix, suffix) windows from a document's token ids at the given split points: the suffix
 * is tokens [s, s + k), the prefix the at most `prefixMax` tokens before s.
 */
export function cutWindows(
  doc: Document,
  tokens: readonly number[],
  splits: readonly number[],
  k: number,
  prefixMax: number,
  tokenizer: Tokenizer,
): Window[] {
  return splits.map((s, index) => {
    const prefixTokens = tokens.slice(Math.max(0, s - prefixMax), s);
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

/** Where a task document's prompt ends (`meta.split_at`, a character offset), if it gives a valid one. */
export function taskSplitAt(doc: Document): number | undefined {
  const at = doc.meta?.split_at;
  return typeof at === 'number' && Number.isInteger(at) && at > 0 && at <= doc.text.length ? at : undefined;
}

/** A task document's one window: the last prefixMax tokens of its prompt, up to K tokens of its answer. */
export function taskWindow(doc: Document, at: number, tokenizer: Tokenizer, prefixMax: number, k: number): Window {
  const prefixTokens = tokenizer.encode(doc.text.slice(0, at)).slice(-prefixMax);
  const suffixTokens = tokenizer.encode(doc.text.slice(at)).slice(0, k);
  return { docId: doc.id, index: 0, prefixTokens, suffixTokens, prefix: tokenizer.decode(prefixTokens), suffix: tokenizer.decode(suffixTokens), meta: doc.meta };
}

/**
 * The default windower. The split point s is uniform over the integers in
 * [max(1, prefix_min), length - k]; the suffix is the K tokens from s and the prefix the
 * min(s, prefix_max) tokens before it. A document of at most prefix_max + k tokens thus gives a
 * prefix starting at its first token with a length uniform in [prefix_min, length - k]; a longer
 * one is used all along its length, with prefixes of prefix_max tokens starting mid-document (as
 * pretraining chunks do). `per_document` distinct split points are drawn (fewer if the range is
 * smaller). Documents shorter than prefix_min + k give no window (the feed counts them).
 *
 * A task document says where its prompt ends: `meta.split_at`, a character offset. It gives one
 * window whose prefix is the text before the offset (its last prefix_max tokens) and whose suffix
 * is up to K tokens of the text after it (the reference answer); no random split is drawn.
 */
export function createRandomSplitWindower(): Windower {
  return {
    name: 'random-split',
    windows(doc, tokenizer, options, rng) {
      const at = taskSplitAt(doc);
      if (at !== undefined) {
        const w = taskWindow(doc, at, tokenizer, options.prefixMax, options.k);
        return w.prefixTokens.length === 0 ? [] : [w];
      }
      const tokens = tokenizer.encode(doc.text);
      const range = splitRange(tokens.length, options);
      if (!range) return [];
      return cutWindows(doc, tokens, drawSplitPoints(range[0], range[1], options.perDocument, rng), options.k, options.prefixMax, tokenizer);
    },
  };
}
