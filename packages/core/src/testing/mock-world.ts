import type { Document, DocumentSource } from '../spec/document-source';
import type { Rewriter, RewriteInput } from '../spec/rewriter';
import type { JudgeCallContext } from '../spec/judge';
import { createRng, deriveSeed } from '../util/rng';

const WORDS = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'dog', 'ran', 'to', 'see', 'its', 'friend', 'in', 'park'];
const NOISE = '0123456789#@%&*!?';

/**
 * Document `i` of the mock world: seeded lowercase words with "noise" characters (digits and
 * symbols) injected at rate `noise`. The mock judges score cleanliness, so a policy trained by SIP
 * on this world should learn to emit fewer noise characters.
 */
export function mockDocument(seed: number, i: number, options: { words: number; noise: number }): Document {
  const rng = createRng(deriveSeed(seed, 'mock-doc', i));
  const words: string[] = [];
  for (let w = 0; w < options.words; w++) {
    let word = rng.pick(WORDS);
    if (rng.chance(options.noise)) word = `${word.slice(0, 1)}${rng.pick([...NOISE])}${word.slice(1)}`;
    words.push(word);
  }
  return { id: `mock:${i}`, text: words.join(' '), meta: { index: i } };
}

/** A DocumentSource over fixed texts; the cursor is the index of the next document. */
export function createMemoryDocumentSource(texts: readonly string[], options: { repeat?: boolean } = {}): DocumentSource {
  return {
    name: 'memory',
    open(cursor) {
      let i = typeof cursor === 'number' ? cursor : 0;
      return {
        next: async () => {
          if (i >= texts.length && !options.repeat) return undefined;
          const at = i++;
          return { id: `memory:${at}`, text: texts[at % texts.length] };
        },
        cursor: () => i,
      };
    },
  };
}

/** `mock.docs`: `count` generated mock-world documents (0 = endless). */
export function createMockDocumentSource(options: { seed: number; count: number; words: number; noise: number }): DocumentSource {
  return {
    name: 'mock.docs',
    open(cursor) {
      let i = typeof cursor === 'number' ? cursor : 0;
      return {
        next: async () => (options.count > 0 && i >= options.count ? undefined : mockDocument(options.seed, i++, options)),
        cursor: () => i,
        stats: () => ({ documents: i }),
      };
    },
  };
}

/** Removes mock-world noise: every character that is not a lowercase letter or space. */
export function cleanText(text: string): string {
  return text.replace(/[^a-z ]/g, '');
}

/** A rewriter from a function; every call is recorded in `calls`. */
export function createRecordingRewriter(
  rewrite: (input: RewriteInput, ctx: JudgeCallContext) => string | { ok: false; reason: string } | Promise<string | { ok: false; reason: string }>,
  name = 'recording.rewriter',
): Rewriter & { calls: Array<{ input: RewriteInput; ctx: JudgeCallContext }> } {
  const calls: Array<{ input: RewriteInput; ctx: JudgeCallContext }> = [];
  return {
    name,
    version: '1',
    calls,
    async rewrite(input, ctx) {
      calls.push({ input, ctx });
      const r = await rewrite(input, ctx);
      return typeof r === 'string' ? { ok: true, text: r } : r;
    },
  };
}

/** `mock.rewriter`: removes noise from the suffix; fails (abstains) with probability `failRate`. */
export function createCleaningRewriter(failRate = 0) {
  return createRecordingRewriter(
    (input, ctx) => (createRng(ctx.seed).next() < failRate ? { ok: false, reason: 'mock rewriter: injected failure' } : cleanText(input.suffix)),
    'mock.rewriter',
  );
}
