import type { Document, DocumentStream, SourceCursor } from '../spec/document-source';
import type { Tokenizer } from '../spec/tokenizer';
import type { Window, WindowOptions, Windower } from '../spec/windower';
import { createRng, deriveSeed } from '../util/rng';

/** The feed's resumable state: the stream cursor, documents read, windows cut but not used yet. */
export interface FeedState {
  cursor: SourceCursor;
  documents: number;
  pending: Window[];
}

/**
 * Turns a document stream into batches of windows (SIP steps) or of token sequences (NTP steps).
 * Each document's windows draw from their own seed, deriveSeed(seed, 'window', document ordinal),
 * so cuts do not depend on batch boundaries; windows left over from a document wait in `pending`
 * for the next step (and travel in checkpoints).
 */
export class WindowFeed {
  private documentsRead: number;
  private pending: Window[];
  private cursorValue: SourceCursor;
  /** Documents that gave no window (shorter than prefix_min + k). */
  tooShort = 0;

  constructor(
    private readonly stream: DocumentStream,
    private readonly tokenizer: Tokenizer,
    private readonly windower: Windower,
    private readonly options: WindowOptions,
    private readonly seed: number,
    state?: FeedState,
  ) {
    this.documentsRead = state?.documents ?? 0;
    this.pending = state ? [...state.pending] : [];
    this.cursorValue = state?.cursor;
  }

  /** Up to `n` windows (fewer only when the stream ends) and the documents read for them. */
  async windows(n: number): Promise<{ windows: Window[]; documents: Document[] }> {
    const documents: Document[] = [];
    while (this.pending.length < n) {
      const doc = await this.nextDocument();
      if (!doc) break;
      documents.push(doc);
      const rng = createRng(deriveSeed(this.seed, 'window', this.documentsRead - 1));
      const cut = this.windower.windows(doc, this.tokenizer, this.options, rng);
      if (cut.length === 0) this.tooShort++;
      this.pending.push(...cut);
    }
    return { windows: this.pending.splice(0, n), documents };
  }

  /**
   * Up to `n` documents as token sequences of at most `maxTokens` (a longer document contributes
   * one contiguous chunk starting at a seeded random offset).
   */
  async sequences(n: number, maxTokens: number): Promise<Array<{ doc: Document; tokens: number[] }>> {
    const out: Array<{ doc: Document; tokens: number[] }> = [];
    while (out.length < n) {
      const doc = await this.nextDocument();
      if (!doc) break;
      let tokens = this.tokenizer.encode(doc.text);
      if (tokens.length > maxTokens) {
        const start = createRng(deriveSeed(this.seed, 'chunk', this.documentsRead - 1)).int(tokens.length - maxTokens + 1);
        tokens = tokens.slice(start, start + maxTokens);
      }
      out.push({ doc, tokens });
    }
    return out;
  }

  state(): FeedState {
    return { cursor: this.cursorValue, documents: this.documentsRead, pending: [...this.pending] };
  }

  private async nextDocument(): Promise<Document | undefined> {
    const doc = await this.stream.next();
    if (doc) {
      this.documentsRead++;
      this.cursorValue = this.stream.cursor();
    }
    return doc;
  }
}
