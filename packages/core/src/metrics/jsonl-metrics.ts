import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { MetricsRecord, MetricsSink } from '../spec/metrics-sink';

/**
 * Appends one JSON line per record. `lines` counts the complete lines in the file (the offset a
 * checkpoint records). Each record is one append of a whole line, so a crash can at worst leave a
 * partial last line, which `truncateLines` removes on resume.
 */
export function createJsonlMetricsSink(file: string, startLines = 0): MetricsSink & { readonly lines: number; readonly file: string } {
  let lines = startLines;
  let ready: Promise<unknown> | undefined;
  let chain: Promise<void> = Promise.resolve();
  return {
    name: 'jsonl',
    file,
    get lines() {
      return lines;
    },
    write(record: MetricsRecord) {
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

/** Keeps the first `lines` complete lines of a file (missing file: nothing to do). */
export async function truncateLines(file: string, lines: number): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const kept = text.split('\n').slice(0, lines);
  await writeFile(file, kept.length ? `${kept.join('\n')}\n` : '');
}

/** Reads a metrics JSONL file (skipping a partial last line). */
export async function readMetrics(file: string): Promise<MetricsRecord[]> {
  const text = await readFile(file, 'utf8');
  const out: MetricsRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as MetricsRecord);
    } catch {
      break;
    }
  }
  return out;
}
