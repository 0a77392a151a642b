import { z } from 'zod';
import { SptError } from '../errors';
import type { DocumentSource } from '../spec/document-source';
import type { PointwiseJudge } from '../spec/judge';
import { definePlugin, type PluginContext } from '../spec/plugin';
import type { PluginRef } from '../spec/run-config';
import { Services } from '../spec/services';
import { corrupterMix } from './corrupter-mix';
import { judgeTask, rewriteTask, type TaskDeps } from './known-reward-tasks';
import { taskSource } from './task-source';

const ref = z.looseObject({ plugin: z.string().min(1) });
type RefOption = z.infer<typeof ref>;

const cutShape = {
  from: ref.describe('the corpus: any data plugin and its options, e.g. { plugin: "jsonl", path: "corpus.jsonl" }'),
  corrupt: z
    .union([ref, z.array(ref).min(1)])
    .optional()
    .describe('a rewriter that corrupts a suffix, e.g. { plugin: "testbed.corrupt" }, an LLM rewriter with a corruption prompt, or learned.continue (the model\'s own text); a list: each task draws one'),
  label: z.array(ref).optional().describe('pointwise judges whose unanimous verdict labels an ending (no label: the original is sound, a corrupted copy is not)'),
  prefix_min: z.number().int().min(1).default(16),
  prefix_max: z.number().int().min(1).default(48).describe('tokens of document before the ending'),
  k: z.number().int().min(1).default(64).describe('tokens of the ending (the SIP recipe K the judge will score)'),
  per_document: z.number().int().min(1).max(64).default(1).describe('tasks cut from each document at different points (a held-out document gives only held-out tasks)'),
};

const toRef = ({ plugin, ...options }: RefOption): PluginRef => ({ plugin, options });

/** A task plugin's deps and how to free the models among them. */
type OwnedTaskDeps = TaskDeps & { close(): Promise<void> };

async function deps(ctx: PluginContext, o: { corrupt?: RefOption | RefOption[]; label?: RefOption[] }, needsCorrupter: boolean, name: string): Promise<OwnedTaskDeps> {
  if (!ctx.hasService?.(Services.tokenizer) || !ctx.service) {
    throw new SptError({ code: 'config.tasks', what: `data ${name} cuts documents on the policy's tokens, and no tokenizer is bound`, expected: 'a run with a policy', got: 'none', fix: 'use it in a recipe with a policy line (or bind Services.tokenizer when embedding)' });
  }
  if (needsCorrupter && !o.corrupt) {
    throw new SptError({ code: 'config.tasks', what: `data ${name} needs a corrupted copy of each suffix, and names no corrupter`, expected: 'corrupt: { plugin: "<rewriter>" }', got: 'no corrupt option', fix: 'add corrupt: { plugin: "testbed.corrupt" } (testbed) or an LLM rewriter with a corruption prompt' });
  }
  const labels: PointwiseJudge[] = [];
  for (const l of o.label ?? []) {
    const judge = await ctx.create('judge', toRef(l));
    if (judge.kind !== 'pointwise') {
      throw new SptError({ code: 'config.tasks', what: `data ${name}: label judge ${l.plugin} is ${judge.kind}`, expected: 'pointwise judges', got: judge.kind, fix: 'label with pointwise judges (safety, factuality)' });
    }
    labels.push(judge);
  }
  const none = { name: 'none', version: '0', rewrite: async () => ({ ok: false as const, reason: 'no corrupter' }) };
  const corrupters = await Promise.all([o.corrupt ?? []].flat().map((c) => ctx.create('rewriter', toRef(c))));
  const close = async () => void (await Promise.all([...corrupters, ...labels].map((x) => x.close?.())));
  return { tokenizer: ctx.service(Services.tokenizer), corrupter: corrupters.length > 0 ? corrupterMix(corrupters) : none, labels, seed: ctx.seed, close };
}

/** Closes a task source's corrupters and label judges, then its inner source; once, however often it is called. */
function closeAll(d: OwnedTaskDeps, inner: DocumentSource): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= (async () => {
      await d.close();
      await inner.close?.();
    })());
}

/** The options both task plugins share (cutShape). */
interface CutPluginOptions {
  from: RefOption;
  corrupt?: RefOption | RefOption[];
  label?: RefOption[];
  prefix_min: number;
  prefix_max: number;
  k: number;
  per_document: number;
}

interface JudgeTaskPluginOptions extends CutPluginOptions {
  aspect: 'quality' | 'safety' | 'factuality';
  corrupt_share: number;
  reference: boolean;
}

/** The plugins the task sources' options name, checked by `spt check` like recipe lines. */
const TASK_REFS = { from: 'data', corrupt: 'rewriter', label: 'judge' } as const;

/** `data tasks.judge { from: {...}, aspect, corrupt: {...} }`: known-reward judge tasks from any corpus. */
export const judgeTasksPlugin = definePlugin<DocumentSource, JudgeTaskPluginOptions>({
  manifest: {
    name: 'tasks.judge',
    kind: 'data',
    version: '0.1.0',
    refs: TASK_REFS,
    description: "judge-training tasks with known answers from any corpus: which ending is the original (quality, 'A'/'B'), or is this ending safe / factual ('yes'/'no')",
    options: z.strictObject({
      ...cutShape,
      aspect: z.enum(['quality', 'safety', 'factuality']).default('quality'),
      corrupt_share: z.number().min(0).max(1).default(0.5).describe('pointwise: share of tasks that show the corrupted copy'),
      reference: z
        .boolean()
        .default(false)
        .describe("pointwise: show the document's own ending as a reference above the ending judged (the paper's factuality judge); judge with the trained model under `reference: original`"),
    }).superRefine((o, ctx) => {
      // Checked with the options (so `spt check` reports it at the line), not when the source is built.
      if (o.reference && o.aspect === 'quality') {
        ctx.addIssue({
          code: 'custom',
          path: ['reference'],
          message: 'reference is for the pointwise aspects (safety, factuality): a quality task already shows the original as one of its two endings; remove reference, or set aspect: safety or factuality',
        });
      }
    }),
  },
  async create(o, ctx) {
    const d = await deps(ctx, o, o.aspect === 'quality' || (o.corrupt_share > 0 && !o.label?.length), 'tasks.judge');
    const inner = await ctx.create('data', toRef(o.from));
    const opts = { aspect: o.aspect, corruptShare: o.corrupt ? o.corrupt_share : 0, prefixMin: o.prefix_min, prefixMax: o.prefix_max, k: o.k, reference: o.reference };
    return taskSource(`judge tasks (${o.aspect}) from ${inner.name}`, inner, (doc, variant) => judgeTask(doc, d, opts, variant), o.per_document, closeAll(d, inner));
  },
});

interface RewriteTaskPluginOptions extends CutPluginOptions {
  fix_share: number;
}

/** `data tasks.rewrite { from: {...}, corrupt: {...} }`: copy and fix tasks for training a rewriter. */
export const rewriteTasksPlugin = definePlugin<DocumentSource, RewriteTaskPluginOptions>({
  manifest: {
    name: 'tasks.rewrite',
    kind: 'data',
    version: '0.1.0',
    refs: TASK_REFS,
    description: 'rewriter-training tasks with known answers from any corpus: copy a sound ending unchanged, or restore the original from a corrupted copy',
    options: z.strictObject({
      ...cutShape,
      fix_share: z.number().min(0).max(1).default(0.5).describe('share of fix tasks (the rest are copy tasks)'),
    }),
  },
  async create(o, ctx) {
    const d = await deps(ctx, o, o.fix_share > 0, 'tasks.rewrite');
    const inner = await ctx.create('data', toRef(o.from));
    const opts = { fixShare: o.fix_share, prefixMin: o.prefix_min, prefixMax: o.prefix_max, k: o.k };
    return taskSource(`rewrite tasks from ${inner.name}`, inner, (doc, variant) => rewriteTask(doc, d, opts, variant), o.per_document, closeAll(d, inner));
  },
});
