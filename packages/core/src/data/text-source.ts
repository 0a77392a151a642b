import type { DocumentSource } from '../spec/document-source';
import { openShardStream, type ShardCursor, type ShardReaderOptions } from './jsonl-source';
import { readAllText, readLines } from './read-lines';

export interface TextSourceOptions extends ShardReaderOptions {
  /** `file`: one document per file; `blank_line`: one per block of lines between blank lines. */
  split: 'file' | 'blank_line';
}

/** Plain-text shards (plain, .gz or .zst). Document ids are `<file>:<first line>`. */
export function createTextSource(options: TextSourceOptions): DocumentSource {
  const items = options.split === 'file' ? wholeFile : blocks;
  return {
    name: 'text',
    open: (cursor) =>
      openShardStream(
        { ...options, onError: 'skip', plugin: 'text' },
        items,
        (text, id) => (text.trim() === '' ? { empty: true } : { doc: { id, text } }),
        cursor as ShardCursor | undefined,
      ),
  };
}

async function* wholeFile(file: string): AsyncGenerator<{ text: string; line: number }> {
  yield { text: await readAllText(file), line: 1 };
}

/** Blocks of consecutive non-blank lines, joined with '\n'. */
async function* blocks(file: string): AsyncGenerator<{ text: string; line: number }> {
  let lines: string[] = [];
  let start = 0;
  let n = 0;
  for await (const line of readLines(file)) {
    n++;
    if (line.trim() === '') {
      if (lines.length) yield { text: lines.join('\n'), line: start };
      lines = [];
      continue;
    }
    if (!lines.length) start = n;
    lines.push(line);
  }
  if (lines.length) yield { text: lines.join('\n'), line: start };
}
