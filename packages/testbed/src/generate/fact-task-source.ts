import { deriveSeed, type DocumentSource, type DocumentStream, type SourceCursor } from '@spt/core';
import { evalPrefixes } from '../eval/eval-prefixes';
import type { World } from '../world/types';

/** Prompts drawn per block (one seed each). */
const BLOCK = 64;

/**
 * `data testbed { task: facts }`: known-answer prompts for GRPO and verifiers. Each document is a
 * fresh biography of a world person cut right before one of their facts (as the evaluation's fact
 * set, from seeds of its own), with `meta.split_at` (the prompt's length in characters: the
 * windower makes it the prefix), `meta.answer` (the true value) and the attribute and person.
 * `epochs` counts blocks of 64 prompts (0 = endless); the cursor is the number served.
 */
export function createFactTaskSource(world: World, options: { epochs: number }): DocumentSource {
  const limit = options.epochs === 0 ? Infinity : options.epochs * BLOCK;
  return {
    name: 'testbed facts',
    open(cursor?: SourceCursor): DocumentStream {
      let served = typeof (cursor as { served?: unknown })?.served === 'number' ? (cursor as { served: number }).served : 0;
      let block = -1;
      let prompts: ReturnType<typeof evalPrefixes> = [];
      return {
        async next() {
          if (served >= limit) return undefined;
          const b = Math.floor(served / BLOCK);
          if (b !== block) {
            prompts = evalPrefixes(world, { kind: 'fact', count: BLOCK, seed: deriveSeed(world.config.seed, 'testbed.task.facts', b) });
            block = b;
          }
          const p = prompts[served % BLOCK];
          served++;
          return {
            id: `fact-task-${served - 1}`,
            text: p.prefix + p.reference,
            meta: { split_at: p.prefix.length, answer: p.meta.truth, attribute: p.meta.attribute, person: p.meta.person, myth: p.meta.myth },
          };
        },
        cursor: () => ({ facts: 1, served }),
        stats: () => ({ documents: served }),
      };
    },
  };
}
