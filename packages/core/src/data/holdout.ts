import { createHash } from 'node:crypto';
import type { Document, DocumentSource, DocumentStream } from '../spec/document-source';

/**
 * Whether a document is held out of training: the first 8 bytes of sha256("spt.holdout:" + id), read
 * as a fraction in [0, 1), fall below `share`. Depends on the id alone, so training, resume and
 * evaluation agree without sharing any state, and a document keeps its side when the corpus grows.
 */
export function isHeldOut(docId: string, share: number): boolean {
  if (!(share > 0)) return false;
  const digest = createHash('sha256').update(`spt.holdout:${docId}`).digest();
  return digest.readBigUInt64BE(0) < BigInt(Math.floor(share * 2 ** 53)) << 11n;
}

/**
 * The id a document is split by: a derived document (a known-reward task) carries the id of the
 * document it was cut from in `meta.source_id`, so every task of one document lands on one side.
 */
export function holdoutKey(doc: Document): string {
  const source = doc.meta?.source_id;
  return typeof source === 'string' ? source : doc.id;
}

/**
 * The source without the documents `keep` rejects; the cursor is the underlying stream's, so a
 * resume skips them again.
 */
export function filterSource(source: DocumentSource, keep: (doc: Document) => boolean, name = source.name): DocumentSource {
  return {
    name,
    ...(source.close ? { close: () => source.close!() } : {}),
    open(cursor) {
      const inner = source.open(cursor);
      const stream: DocumentStream = {
        async next() {
          for (;;) {
            const doc = await inner.next();
            if (!doc || keep(doc)) return doc;
          }
        },
        cursor: () => inner.cursor(),
        ...(inner.close ? { close: () => inner.close!() } : {}),
        ...(inner.stats ? { stats: () => inner.stats!() } : {}),
      };
      return stream;
    },
  };
}

/**
 * The source with one side of the split: `train` skips held-out documents (training never reads
 * them; cursors are the underlying stream's, so a resume skips them again), `heldout` yields only them.
 */
export function splitSource(source: DocumentSource, share: number, side: 'train' | 'heldout'): DocumentSource {
  if (!(share > 0)) return source;
  const keepKey = (key: string) => isHeldOut(key, share) === (side === 'heldout');
  // A source that can split before deriving (task sources) skips the other side's work; the filter then keeps all.
  const base = source.splitBy ? source.splitBy(keepKey) : source;
  return filterSource(base, (doc) => keepKey(holdoutKey(doc)), `${source.name} (${side === 'train' ? 'training' : 'held-out'} side of holdout ${share})`);
}
