import path from 'node:path';
import { SptError } from '../errors';
import type { Document, DocumentSource, DocumentStream } from '../spec/document-source';
import { readLines } from './read-lines';

/** Position in a sharded corpus: after `line` lines of shard `shard` in pass `epoch`. */
export interface ShardCursor {
  epoch: number;
  shard: number;
  /** Lines (jsonl) or blocks (text) of the shard already consumed. */
  item: number;
}

export interface ShardReaderOptions {
  files: readonly string[];
  /** Loop over the shards forever (epoch counts the passes) instead of ending after one pass. */
  repeat: boolean;
  /** Base for document ids (`<relative file>:<line>`). */
  baseDir: string;
  warn: (code: string, message: string) => void;
}

export type ParseResult = { doc: Document } | { malformed: string } | { empty: true };

/**
 * A DocumentStream over shards of items (lines or blocks), resumable from a ShardCursor: items
 * up to the cursor are read and skipped (compressed shards are decompressed from their start).
 * `parse` turns an item into a document; malformed items are counted and, by `onError`, skipped
 * with a warning naming file and line, or stop the run with an SptError.
 */
export function openShardStream(
  options: ShardReaderOptions & { onError: 'skip' | 'stop'; plugin: string },
  items: (file: string) => AsyncGenerator<{ text: string; line: number }>,
  parse: (item: string, id: string) => ParseResult,
  cursor?: ShardCursor,
): DocumentStream {
  const state: ShardCursor = cursor ? { ...cursor } : { epoch: 0, shard: 0, item: 0 };
  const counts = { documents: 0, malformed: 0 };
  const gen = (async function* () {
    for (;;) {
      for (; state.shard < options.files.length; state.shard++, state.item = 0) {
        const file = options.files[state.shard];
        const rel = path.relative(options.baseDir, file) || file;
        let index = 0;
        for await (const it of items(file)) {
          if (++index <= state.item) continue;
          state.item = index;
          const r = parse(it.text, `${rel}:${it.line}`);
          if ('empty' in r) continue;
          if ('malformed' in r) {
            counts.malformed++;
            const where = `${rel}:${it.line}`;
            if (options.onError === 'stop') {
              throw new SptError({
                code: 'data.malformed',
                what: `data ${options.plugin}: malformed record at ${where}: ${r.malformed}`,
                expected: 'a well-formed record',
                got: JSON.stringify(it.text.slice(0, 80)),
                fix: 'fix or remove the record, or set on_error: "skip" to count and skip such records',
              });
            }
            if (counts.malformed <= 20 || counts.malformed % 1000 === 0) {
              const more = counts.malformed === 20 ? ' (further malformed records are reported every 1000)' : '';
              options.warn('data.malformed', `data ${options.plugin}: skipped malformed record at ${where}: ${r.malformed}${more}`);
            }
            continue;
          }
          counts.documents++;
          yield r.doc;
        }
      }
      if (!options.repeat) return;
      state.epoch++;
      state.shard = 0;
      state.item = 0;
    }
  })();
  return {
    next: async () => {
      const r = await gen.next();
      return r.done ? undefined : r.value;
    },
    cursor: () => ({ ...state }),
    close: async () => {
      await gen.return(undefined);
    },
    stats: () => ({ ...counts, epoch: state.epoch }),
  };
}

export interface JsonlSourceOptions extends ShardReaderOptions {
  /** Field holding the text (dotted paths reach nested fields, e.g. `content.text`). */
  field: string;
  /** Field holding a document id; default `<file>:<line>`. */
  idField?: string;
  /** Fields copied into the document's meta (labels for verifiers, annotations for judges). */
  metaFields?: readonly string[];
  onError: 'skip' | 'stop';
}

/** JSON Lines shards (plain, .gz or .zst): one document per line, text in `field`. */
export function createJsonlSource(options: JsonlSourceOptions): DocumentSource {
  const parse = (line: string, fallbackId: string): ParseResult => {
    if (line.trim() === '') return { empty: true };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      return { malformed: `invalid JSON (${(e as Error).message})` };
    }
    const text = pick(value, options.field);
    if (typeof text !== 'string') return { malformed: `field "${options.field}" is ${text === undefined ? 'missing' : `a ${typeof text}, not a string`}` };
    const id = options.idField ? pick(value, options.idField) : undefined;
    const meta = options.metaFields?.length
      ? Object.fromEntries(options.metaFields.flatMap((f) => {
          const v = pick(value, f);
          return v === undefined ? [] : [[f, v]];
        }))
      : undefined;
    return { doc: { id: id === undefined ? fallbackId : String(id), text, ...(meta ? { meta } : {}) } };
  };
  return {
    name: 'jsonl',
    open: (cursor) =>
      openShardStream({ ...options, plugin: 'jsonl' }, linesOf, parse, cursor as ShardCursor | undefined),
  };
}

async function* linesOf(file: string): AsyncGenerator<{ text: string; line: number }> {
  let line = 0;
  for await (const text of readLines(file)) yield { text, line: ++line };
}

function pick(value: unknown, dotted: string): unknown {
  let v = value;
  for (const key of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
