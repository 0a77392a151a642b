import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJsonlMetricsSink, readMetrics, truncateLines } from './jsonl-metrics';

describe('metrics JSONL', () => {
  it('appends lines, counts them and truncates to an offset (dropping a partial line)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'spt-metrics-'));
    try {
      const file = path.join(dir, 'sub', 'metrics.jsonl');
      const sink = createJsonlMetricsSink(file);
      for (let step = 1; step <= 4; step++) sink.write({ step, phase: 'main', time: 0, values: { loss: step } });
      await sink.flush?.();
      expect(sink.lines).toBe(4);
      await appendFile(file, '{"step":5,"pha');
      expect((await readMetrics(file)).map((r) => r.step)).toEqual([1, 2, 3, 4]);
      await truncateLines(file, 2);
      expect(await readFile(file, 'utf8')).toBe(
        '{"step":1,"phase":"main","time":0,"values":{"loss":1}}\n{"step":2,"phase":"main","time":0,"values":{"loss":2}}\n',
      );
      await truncateLines(file, 0);
      expect(await readFile(file, 'utf8')).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
