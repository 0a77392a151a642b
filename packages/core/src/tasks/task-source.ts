import type { Document, DocumentSource, DocumentStream, SourceCursor } from '../spec/document-source';

/** What a task maker returns for one source document: a task document, or why there is none. */
export type TaskOutcome = Document | { skip: string };

interface TaskCursor {
  inner: SourceCursor;
  made: number;
  skipped: number;
}

/**
 * A stream of task documents made one per source document (a document the maker cannot use is
 * skipped and counted). The cursor is the source's after the last document read, with the counts,
 * so a resumed stream continues exactly and reports what an uninterrupted one does
 * (`data/tasks_made`, `data/tasks_skipped`).
 */
export function taskSource(name: string, inner: DocumentSource, make: (doc: Document) => Promise<TaskOutcome>): DocumentSource {
  return {
    name,
    open(cursor?: SourceCursor): DocumentStream {
      const at = (cursor ?? {}) as Partial<TaskCursor>;
      const stream = inner.open(at.inner);
      let made = at.made ?? 0;
      let skipped = at.skipped ?? 0;
      return {
        async next() {
          for (;;) {
            const doc = await stream.next();
            if (!doc) return undefined;
            const out = await make(doc);
            if ('skip' in out) {
              skipped++;
              continue;
            }
            made++;
            return out;
          }
        },
        cursor: () => ({ inner: stream.cursor(), made, skipped }) satisfies TaskCursor,
        ...(stream.close ? { close: () => stream.close!() } : {}),
        stats: () => ({ ...(stream.stats?.() ?? {}), tasks_made: made, tasks_skipped: skipped }),
      };
    },
  };
}
