import { z } from 'zod';
import type { PointwiseJudge } from '../spec/judge';
import { definePlugin } from '../spec/plugin';

/** Levenshtein distance between two strings (insertions, deletions, substitutions of characters). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/**
 * Similarity of an answer to the label in [0, 1]: 1 - edit distance / the longer length, on the
 * texts with surrounding whitespace trimmed and the answer cut at its first newline (task answers
 * end there). 1 is an exact copy; two empty texts are equal.
 */
export function similarity(answer: string, label: string): number {
  const a = answer.split('\n')[0].trim();
  const b = label.trim();
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - editDistance(a, b) / n;
}

/** `verify.similar`: a graded reward for rewrite tasks (copy and fix), 1 for the label exactly. */
export const similarVerifierPlugin = definePlugin<PointwiseJudge, { field: string }>({
  manifest: {
    name: 'verify.similar',
    kind: 'judge',
    version: '0.1.0',
    description: 'verifier (no model): 1 - character edit distance / the longer length between the continuation (to its first newline) and the label in the document meta field; abstains without a label',
    judge: { modes: ['pointwise'] },
    options: z.strictObject({ field: z.string().min(1).default('answer') }),
  },
  create: (o) => ({
    kind: 'pointwise',
    name: 'verify.similar',
    version: '1',
    judge: async (input) => {
      const want = input.meta?.[o.field];
      if (typeof want !== 'string') return { ok: false, reason: `no label: the document's meta has no "${o.field}" (string)` };
      return { ok: true, score: similarity(input.candidate, want) };
    },
  }),
});
