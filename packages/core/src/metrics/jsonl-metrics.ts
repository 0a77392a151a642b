import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MetricsRecord, MetricsSink } from '../spec/metrics-sink';

/**
 * Appends one JSON line per record to `file` (made with its folder on first write). `lines` counts
 * the complete lines in the file (the offset a checkpoint records). Each record is one append of a
 * whole line, so a crash can at worst leave a partial last line, which `truncateLines` removes on
 * resume. Used by metrics.jsonl and the pool log.
 */
export function createJsonlAppender<T>(file: string, startLines = 0) {
  let lines = startLines;
  let ready: Promise<unknown> | undefined;
  let chain: Promise<void> = Promise.resolve();
  return {
    file,
    get lines() {
      return lines;
    },
    write(record: T): Promise<void> {
      ready ??= mkdir(path.dirname(file), { recursive: true });
      lines++;
      const line = `${JSON.stringify(record)}\n`;
      chain = chain.then(async () => {
        await ready;
        await appendFile(file, line);
      });
      return chain;
    },
    flush: () => chain,
    close: () => chain,
  };
}

/** metrics.jsonl as a MetricsSink (see createJsonlAppender). */
export function createJsonlMetricsSink(file: string, startLines = 0): MetricsSink & { readonly lines: number; readonly file: string } {
  const out = createJsonlAppender<MetricsRecord>(file, startLines);
  return {
    name: 'jsonl',
    file,
    get lines() {
      return out.lines;
    },
    write: (record) => out.write(record),
    flush: out.flush,
    close: out.close,
  };
}

/** Keeps the first `lines` complete lines of a file (missing file: nothing to do). */
export async function truncateLines(file: string, lines: number): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const kept = text.split('\n').slice(0, lines);
  await writeFile(file, kept.length ? `${kept.join('\n')}\n` : '');
}

/** Reads a JSONL file written by createJsonlAppender, up to a partial last line. */
export async function readJsonl<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8');
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      break;
    }
  }
  return out;
}

/** Reads a metrics JSONL file (skipping a partial last line). */
export const readMetrics = (file: string): Promise<MetricsRecord[]> => readJsonl<MetricsRecord>(file);
