/** A pretraining document as it comes from a corpus. */
export interface Document {
  /** Stable id (file:line, shard:index, or the generator's id). */
  id: string;
  text: string;
  /** Source-specific annotations (the testbed marks its injected defects here). */
  meta?: Record<string, unknown>;
}

/** Opaque JSON-serializable position in a stream; stored in checkpoints for exact resume. */
export type SourceCursor = unknown;

/** An open stream of documents. `cursor()` is the position after the last document returned. */
export interface DocumentStream {
  next(): Promise<Document | undefined>;
  cursor(): SourceCursor;
  close?(): Promise<void>;
  /**
   * Counters (e.g. `malformed`, `documents`), reported in metrics as `data/<name>`. Prefer counts
   * derived from the cursor, so that a resumed run reports what an uninterrupted one does.
   */
  stats?(): Record<string, number>;
}

/**
 * Where documents come from: JSONL, text shards, the testbed generator...
 * `open(cursor)` must resume exactly after the document the cursor was taken at.
 */
export interface DocumentSource {
  readonly name: string;
  open(cursor?: SourceCursor): DocumentStream;
  /**
   * Optional, for sources that derive documents from another source's (known-reward tasks): the
   * same source restricted to the derived documents whose split key (`meta.source_id`, see
   * holdoutKey) passes `keep`, deciding before any costly work (a corrupter model call) is done for
   * the documents it drops. Must give exactly what filtering `open()`'s output by that key gives.
   */
  splitBy?(keep: (key: string) => boolean): DocumentSource;
  /**
   * Optional: frees what the source holds (a task source's corrupter and label models). The run
   * calls it once at its end; a source derived by splitBy or a holdout split closes the same things.
   */
  close?(): Promise<void>;
}
