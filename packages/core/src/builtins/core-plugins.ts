import path from 'node:path';
import { z } from 'zod';
import { definePlugin, definePluginPackage, type PluginContext } from '../spec/plugin';
import type { DocumentSource } from '../spec/document-source';
import type { MetricsSink } from '../spec/metrics-sink';
import { createJsonlSource } from '../data/jsonl-source';
import { listShards } from '../data/shard-files';
import { createTextSource } from '../data/text-source';
import { createJsonlMetricsSink } from '../metrics/jsonl-metrics';
import { judgedEvalPlugin } from '../eval/judged-plugin';
import { greedySourcePlugin } from '../pool/greedy-source';
import { builtinShapers } from '../reward/builtin-shapers';
import { builtinObjectives } from '../objectives/builtin-objectives';
import { exactVerifierPlugin, jsonFieldVerifierPlugin, regexVerifierPlugin } from '../verifiers/verifiers';
import { judgeTasksPlugin, rewriteTasksPlugin } from '../tasks/task-plugins';
import { similarVerifierPlugin } from '../verifiers/similar';
import { eventLogPlugin } from '../observers/event-log';

const paths = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Relative data paths resolve from the recipe's folder (or the working directory). */
const baseDirOf = (ctx: PluginContext) => (ctx.config?.source?.file ? path.dirname(path.resolve(ctx.config.source.file)) : process.cwd());
const warnOf = (ctx: PluginContext) => (code: string, message: string) => (ctx.warn ? ctx.warn(code, message) : ctx.log(message));

export const jsonlDataPlugin = definePlugin<DocumentSource, { path: string | string[]; field: string; id_field?: string; meta_fields?: string[]; on_error: 'skip' | 'stop'; repeat: boolean }>({
  manifest: {
    name: 'jsonl',
    kind: 'data',
    version: '0.1.0',
    description: 'JSON Lines shards (files, folders or globs; .gz and .zst too), one document per line',
    options: z.strictObject({
      path: paths,
      field: z.string().min(1).default('text'),
      id_field: z.string().min(1).optional(),
      meta_fields: z.array(z.string().min(1)).optional(),
      on_error: z.enum(['skip', 'stop']).default('skip'),
      repeat: z.boolean().default(false),
    }),
  },
  async create(o, ctx) {
    const baseDir = baseDirOf(ctx);
    const files = await listShards(o.path, baseDir, 'jsonl');
    return createJsonlSource({ files, field: o.field, idField: o.id_field, metaFields: o.meta_fields, onError: o.on_error, repeat: o.repeat, baseDir, warn: warnOf(ctx) });
  },
});

export const textDataPlugin = definePlugin<DocumentSource, { path: string | string[]; split: 'file' | 'blank_line'; repeat: boolean }>({
  manifest: {
    name: 'text',
    kind: 'data',
    version: '0.1.0',
    description: 'plain-text files (files, folders or globs; .gz and .zst too): one document per file or per blank-line-separated block',
    options: z.strictObject({
      path: paths,
      split: z.enum(['file', 'blank_line']).default('file'),
      repeat: z.boolean().default(false),
    }),
  },
  async create(o, ctx) {
    const baseDir = baseDirOf(ctx);
    const files = await listShards(o.path, baseDir, 'text');
    return createTextSource({ files, split: o.split, repeat: o.repeat, baseDir, warn: warnOf(ctx) });
  },
});

export const jsonlMetricsPlugin = definePlugin<MetricsSink, { path: string }>({
  manifest: {
    name: 'jsonl',
    kind: 'metrics',
    version: '0.1.0',
    description: 'an extra copy of the per-step metrics as JSON Lines (the run folder always has metrics.jsonl)',
    options: z.strictObject({ path: z.string().min(1) }),
  },
  create: (o, ctx) => createJsonlMetricsSink(path.resolve(ctx.runDir ?? process.cwd(), o.path)),
});

/**
 * The plugins built into @spt/core: always loaded by createRun. (`judging { cache: memory }` and
 * `none` need no plugin: the core makes the in-memory cache itself; @spt/judges brings `sqlite`.)
 */
export const corePlugins = definePluginPackage({
  name: '@spt/core',
  version: '0.1.0',
  plugins: [jsonlDataPlugin, textDataPlugin, jsonlMetricsPlugin, eventLogPlugin, judgedEvalPlugin, greedySourcePlugin, exactVerifierPlugin, regexVerifierPlugin, jsonFieldVerifierPlugin, similarVerifierPlugin, judgeTasksPlugin, rewriteTasksPlugin, ...builtinShapers, ...builtinObjectives],
});
