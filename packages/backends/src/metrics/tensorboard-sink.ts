import path from 'node:path';
import { z } from 'zod';
import { definePlugin, type MetricsRecord, type MetricsSink, type PluginContext } from '@spt/core';

/** Options of the `tensorboard` metrics sink. */
export const tensorboardOptions = z.strictObject({
  logdir: z.string().min(1).optional().describe('folder for the event files (default: <run folder>/tensorboard)'),
  flush_every: z.number().int().min(1).default(10).describe('flush the event files every N records (and at the end)'),
});
export type TensorboardOptions = z.output<typeof tensorboardOptions>;

/** The part of tfjs-node's summary writer the sink uses. */
interface SummaryWriter {
  scalar(name: string, value: number, step: number): void;
  flush(): void;
}

/**
 * Writes every metric of every step as a TensorBoard scalar (tag = metric name, e.g. `loss`,
 * `chosen_rate/rollout`), with tfjs-node's summary writer, loaded on first use. The shared phases
 * go to `<logdir>/shared` and each arm to `<logdir>/<arm>`, so TensorBoard draws the arms as
 * separate runs on the same charts: `tensorboard --logdir <logdir>`.
 */
export function createTensorboardSink(logdir: string, flushEvery = 10): MetricsSink {
  let tf: Promise<{ node: { summaryFileWriter(dir: string): SummaryWriter } }> | undefined;
  const writers = new Map<string, SummaryWriter>();
  let pending = 0;
  const writerFor = async (arm: string | undefined) => {
    const key = arm ?? 'shared';
    let w = writers.get(key);
    if (!w) {
      tf ??= import('@tensorflow/tfjs-node') as unknown as typeof tf;
      w = (await tf)!.node.summaryFileWriter(path.join(logdir, key));
      writers.set(key, w);
    }
    return w;
  };
  const flush = async () => {
    for (const w of writers.values()) w.flush();
    pending = 0;
  };
  return {
    name: 'tensorboard',
    async write(record: MetricsRecord) {
      const w = await writerFor(record.arm);
      for (const [name, value] of Object.entries(record.values)) if (Number.isFinite(value)) w.scalar(name, value, record.step);
      if (++pending >= flushEvery) await flush();
    },
    flush,
    close: flush,
  };
}

/** `metrics tensorboard { logdir: "...", flush_every: 10 }` */
export const tensorboardSinkPlugin = definePlugin<MetricsSink, TensorboardOptions>({
  manifest: {
    name: 'tensorboard',
    kind: 'metrics',
    version: '0.1.0',
    description: 'TensorBoard event files of the per-step metrics (tfjs-node summary writer), one TensorBoard run per arm',
    options: tensorboardOptions,
  },
  create(options: TensorboardOptions, ctx: PluginContext) {
    const base = ctx.runDir ?? process.cwd();
    return createTensorboardSink(path.resolve(base, options.logdir ?? 'tensorboard'), options.flush_every);
  },
});

/** Metrics-sink plugins of @spt/backends. */
export const metricsPlugins = [tensorboardSinkPlugin];
