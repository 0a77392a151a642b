import { SptError, deriveSeed, type Document, type DocumentSource, type DocumentStream, type SourceCursor } from '@spt/core';
import { personOfDoc } from '../world/build-world';
import type { World } from '../world/types';
import { createPermutation } from './permutation';
import { renderDocument } from './render-doc';

/** How the stream walks the corpus. */
export interface StreamOptions {
  /** Passes over the corpus; 0 = endless. */
  epochs: number;
  order: 'shuffled' | 'sequential';
}

/** The testbed's cursor: documents returned so far. JSON, a few bytes, whatever the position. */
export interface TestbedCursor {
  testbed: 1;
  served: number;
}

function readCursor(cursor: SourceCursor): number {
  if (cursor === undefined || cursor === null) return 0;
  const c = cursor as Partial<TestbedCursor>;
  if (typeof c === 'object' && c.testbed === 1 && Number.isSafeInteger(c.served) && (c.served as number) >= 0) return c.served as number;
  throw new SptError({
    code: 'testbed.cursor',
    what: 'the testbed data cursor is not one this source wrote',
    expected: '{ "testbed": 1, "served": <non-negative integer> }',
    got: JSON.stringify(cursor)?.slice(0, 120) ?? String(cursor),
    fix: 'resume from a checkpoint written by a run with `data testbed`, or start without a cursor',
  });
}

/** Corpus index of the `served`-th document of the stream (epoch-wise seeded order). */
export function corpusIndex(world: World, options: StreamOptions, served: number): number {
  const n = world.totalDocs;
  const epoch = Math.floor(served / n);
  const i = served % n;
  return options.order === 'sequential' ? i : createPermutation(n, deriveSeed(world.config.seed, 'testbed.epoch', epoch))(i);
}

/** The document at corpus index `doc`. */
export function corpusDocument(world: World, doc: number): Document {
  const p = personOfDoc(world, doc);
  return renderDocument(world, p, doc - world.docStart[p]);
}

/**
 * The testbed as a DocumentSource: documents are written on demand from (seed, index), so a
 * stream of any length holds only its position, and `open(cursor)` resumes exactly.
 */
export function createTestbedSource(world: World, options: StreamOptions): DocumentSource {
  const limit = options.epochs === 0 ? Infinity : options.epochs * world.totalDocs;
  return {
    name: 'testbed',
    open(cursor?: SourceCursor): DocumentStream {
      let served = readCursor(cursor);
      let epoch = -1;
      let perm: (i: number) => number = (i) => i;
      return {
        async next() {
          if (served >= limit) return undefined;
          const n = world.totalDocs;
          const e = Math.floor(served / n);
          if (e !== epoch && options.order === 'shuffled') {
            perm = createPermutation(n, deriveSeed(world.config.seed, 'testbed.epoch', e));
            epoch = e;
          }
          const doc = corpusDocument(world, perm(served % n));
          served++;
          return doc;
        },
        cursor: (): TestbedCursor => ({ testbed: 1, served }),
        // Cumulative from the cursor, so a resumed run reports what an uninterrupted one does.
        stats: () => ({ documents: served, passes: served / world.totalDocs }),
      };
    },
  };
}
