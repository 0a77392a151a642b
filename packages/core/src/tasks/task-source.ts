import { filterSource } from '../data/holdout';
import type { Document, DocumentSource, DocumentStream, SourceCursor } from '../spec/document-source';

/** What a task maker returns for one source document: a task document, or why there is none. */
export type TaskOutcome = Document | { skip: string };

interface TaskCursor {
  /** The source's cursor before the document being turned into tasks (after it, when `variant` is 0). */
  inner: SourceCursor;
  /** The next task of that document (0: the next document). */
  variant?: number;
  made: number;
  skipped: number;
}

/**
 * A stream of task documents made `perDocument` per source document (variants 0..perDocument-1;
 * one the maker cannot use is skipped and counted). A document's variants are made together (a
 * corrupter model gets them as one batch) and given one by one. The cursor is the source's before
 * the current document with the next variant, and the counts, so a resumed stream continues exactly
 * (without remaking the tasks it gave) and reports what an uninterrupted one does
 * (`data/tasks_made`, `data/tasks_skipped`). `splitBy` drops a source document's tasks before
 * making them (the other side of a holdout costs nothing). `close` frees what `make` uses (the
 * task plugins close their corrupters, label judges and inner source).
 */
export function taskSource(
  name: string,
  inner: DocumentSource,
  make: (doc: Document, variant: number) => Promise<TaskOutcome>,
  perDocument = 1,
  close?: () => Promise<void>,
): DocumentSource {
  return {
    name,
    // A task's split key is its source document's id.
    splitBy: (keep) => taskSource(name, filterSource(inner, (doc) => keep(doc.id)), make, perDocument, close),
    ...(close ? { close } : {}),
    open(cursor?: SourceCursor): DocumentStream {
      const at = (cursor ?? {}) as Partial<TaskCursor>;
      const stream = inner.open(at.inner);
      let made = at.made ?? 0;
      let skipped = at.skipped ?? 0;
      let before = at.inner;
      let doc: Document | undefined;
      let variant = at.variant ?? 0;
      // The current document's outcomes from variant `first` on, made concurrently.
      let batch: { first: number; outcomes: Promise<TaskOutcome[]> } | undefined;
      return {
        async next() {
          for (;;) {
            if (variant === 0 || !doc) {
              before = stream.cursor();
              doc = await stream.next();
              batch = undefined;
              if (!doc) return undefined;
            }
            const d = doc;
            batch ??= { first: variant, outcomes: Promise.all(Array.from({ length: perDocument - variant }, (_, i) => make(d, variant + i))) };
            const out = (await batch.outcomes)[variant - batch.first];
            variant = (variant + 1) % perDocument;
            if ('skip' in out) {
              skipped++;
              continue;
            }
            made++;
            return out;
          }
        },
        cursor: () => (variant === 0 ? { inner: stream.cursor(), made, skipped } : { inner: before, variant, made, skipped }) satisfies TaskCursor,
        ...(stream.close ? { close: () => stream.close!() } : {}),
        stats: () => ({ ...(stream.stats?.() ?? {}), tasks_made: made, tasks_skipped: skipped }),
      };
    },
  };
}
