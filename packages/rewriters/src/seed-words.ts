/**
 * The rewriter is seeded with the last words of the prefix so its output continues the prefix
 * smoothly (the paper's rewriter does this); these pure helpers pick those words and strip them from the output.
 */

/** The last `n` whitespace-separated words of a text, joined by single spaces. */
export function lastWords(text: string, n: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(Math.max(0, words.length - n)).join(' ');
}

const QUOTES = /^["'«“‘`*]+/;
const norm = (w: string) => w.replace(QUOTES, '').toLowerCase();

/**
 * Removes the seed words from the start of a model's output. The output may repeat all of them,
 * or only the last two or more; the last repeated word may run on (a prefix that ends mid-word:
 * seed `... Love`, output `Lovelace was`), in which case the cut falls inside it.
 * Returns the rest of the output and whether anything was cut.
 */
export function stripSeed(output: string, seed: string): { text: string; stripped: boolean } {
  const seedWords = seed.split(/\s+/).filter(Boolean);
  const outWords = [...output.matchAll(/\S+/g)].slice(0, seedWords.length);
  for (let j = Math.min(seedWords.length, outWords.length); j >= 1; j--) {
    if (j < 2 && seedWords.length > 1) break;
    const tail = seedWords.slice(seedWords.length - j);
    let ok = true;
    for (let i = 0; i < j - 1 && ok; i++) ok = norm(outWords[i][0]) === norm(tail[i]);
    if (!ok) continue;
    const last = outWords[j - 1];
    const lastOut = j === 1 ? last[0].replace(QUOTES, '') : last[0];
    const lead = last[0].length - lastOut.length;
    if (!lastOut.toLowerCase().startsWith(tail[j - 1].toLowerCase())) continue;
    const cut = (last.index ?? 0) + lead + tail[j - 1].length;
    return { text: output.slice(cut), stripped: true };
  }
  return { text: output, stripped: false };
}

/** Gives a rewrite the same kind of start as the original suffix: a space before it, or none. */
export function matchLeadingSpace(text: string, original: string): string {
  const body = text.replace(/^\s+/, '');
  if (/^\s/.test(original)) return `${original.match(/^\s+/)?.[0] ?? ' '}${body}`;
  return body;
}

/** Removes wrappers a chat model may put around its answer: a code fence, or one pair of quotes. */
export function unwrap(text: string): string {
  let t = text.replace(/^\s*```[a-z]*\n([\s\S]*?)\n?```\s*$/, '$1');
  const quoted = /^\s*["“«]([\s\S]*)["”»]\s*$/.exec(t);
  if (quoted && !/["“”«»]/.test(quoted[1])) t = quoted[1];
  return t;
}
