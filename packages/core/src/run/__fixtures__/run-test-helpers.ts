import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MetricsRecord } from '../../spec/metrics-sink';
import { isTimingMetric } from '../../metrics/step-metrics';
import { readMetrics } from '../../metrics/jsonl-metrics';
import { definePluginPackage, type PluginPackage } from '../../spec/plugin';

/** A run's metrics without wall-clock values (what must match between equal-seed runs). */
export async function comparableMetrics(file: string): Promise<Array<Omit<MetricsRecord, 'time'>>> {
  return (await readMetrics(file)).map(({ time: _time, values, ...rest }) => ({
    ...rest,
    values: Object.fromEntries(Object.entries(values).filter(([k]) => !isTimingMetric(k))),
  }));
}

/** Bytes of the mock.bigram policy weights saved in a checkpoint folder. */
export function bigramWeights(checkpointDir: string): Promise<Buffer> {
  return readFile(path.join(checkpointDir, 'policy', 'policy.f64'));
}

/** A one-off plugin package for a test (version 1.0.0). */
export function probePackage(name: string, ...plugins: PluginPackage['plugins']): PluginPackage {
  return definePluginPackage({ name, version: '1.0.0', plugins });
}
