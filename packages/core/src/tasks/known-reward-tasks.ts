import { createRng, deriveSeed } from '../util/rng';
import type { Document } from '../spec/document-source';
import type { PointwiseJudge } from '../spec/judge';
import type { Rewriter } from '../spec/rewriter';
import type { Tokenizer } from '../spec/tokenizer';
import { pairPrompt, pointPrompt, rewritePrompt, taskText, type JudgeTaskAspect } from './task-prompts';
import type { TaskOutcome } from './task-source';
import { unanimous } from './task-labels';
import { cutForTask } from './task-window';

export interface TaskDeps {
  tokenizer: Tokenizer;
  /** Makes the corrupted copy of a suffix (a rewriter plugin: testbed.corrupt, or an LLM rewriter with a corruption prompt). */
  corrupter: Rewriter;
  /** Pointwise label judges (unanimous); none: the original counts as sound and the corrupted copy as not. */
  labels: readonly PointwiseJudge[];
  seed: number;
}

export interface CutOptions {
  prefixMin: number;
  prefixMax: number;
  k: number;
}

export type JudgeTaskOptions = CutOptions & { aspect: JudgeTaskAspect; corruptShare: number; reference?: boolean };
export type RewriteTaskOptions = CutOptions & { fixShare: number };

interface Prepared {
  prefix: string;
  suffix: string;
  corrupted?: string;
  rng: ReturnType<typeof createRng>;
  seed: number;
}

/** The seed of a document's `variant`-th task (variant 0 keeps the one-task-per-document seed). */
const taskSeed = (deps: TaskDeps, purpose: string, doc: Document, variant: number) =>
  variant === 0 ? deriveSeed(deps.seed, purpose, doc.id) : deriveSeed(deps.seed, purpose, doc.id, variant);

/** Cuts the document and, when asked, corrupts the suffix; a reason when either fails. */
async function prepare(doc: Document, deps: TaskDeps, o: CutOptions, task: string, corrupt: boolean, variant: number): Promise<Prepared | { skip: string }> {
  const seed = taskSeed(deps, task, doc, variant);
  const rng = createRng(seed);
  const cut = cutForTask(doc, deps.tokenizer, o, rng);
  if (!cut) return { skip: 'shorter than prefix_min + k tokens, or a task document with an empty prompt or answer' };
  if (!corrupt) return { ...cut, rng, seed };
  const r = await deps.corrupter.rewrite({ prefix: cut.prefix, suffix: cut.suffix, k: o.k, meta: doc.meta }, { seed, sample: 0, aspect: 'corrupt' });
  if (!r.ok) return { skip: `corrupter: ${r.reason}` };
  if (r.text === cut.suffix) return { skip: 'corrupter returned the suffix unchanged' };
  return { ...cut, corrupted: r.text, rng, seed };
}

function taskDocument(doc: Document, task: string, variant: number, prompt: string, answer: string, meta: Record<string, unknown>): Document {
  const { text, split_at } = taskText(prompt, answer);
  const person = doc.meta?.person;
  return { id: `${doc.id}#${task}${variant === 0 ? '' : `.${variant}`}`, text, meta: { split_at, answer, task, source_id: doc.id, ...(person === undefined ? {} : { person }), ...meta } };
}

/**
 * A judge-training task from one document (the paper's known-reward judge data); `variant` n > 0
 * cuts the document's n-th further task at its own seeded point (id `<doc>#<task>.<n>`):
 * - quality (pairwise): the original suffix and a corrupted copy as endings A and B in a seeded
 *   order; the answer is the original's letter;
 * - safety / factuality (pointwise): the original or (with probability corrupt_share) the corrupted
 *   copy; the answer is 'yes' for a sound ending and 'no' otherwise, by the unanimous verdict of the
 *   label judges when there are any, else by construction.
 */
export async function judgeTask(doc: Document, deps: TaskDeps, o: JudgeTaskOptions, variant = 0): Promise<TaskOutcome> {
  const task = `judge.${o.aspect}`;
  const p = await prepare(doc, deps, o, task, o.aspect === 'quality' || o.corruptShare > 0, variant);
  if ('skip' in p) return p;
  if (o.aspect === 'quality') {
    const originalFirst = p.rng.chance(0.5);
    const [a, b] = originalFirst ? [p.suffix, p.corrupted!] : [p.corrupted!, p.suffix];
    return taskDocument(doc, task, variant, pairPrompt(p.prefix, a, b), originalFirst ? 'A' : 'B', { order: originalFirst ? 'original_first' : 'original_second' });
  }
  const showCorrupted = p.corrupted !== undefined && p.rng.chance(o.corruptShare);
  const ending = showCorrupted ? p.corrupted! : p.suffix;
  let answer: 'yes' | 'no' | undefined = showCorrupted ? 'no' : 'yes';
  if (deps.labels.length > 0) {
    answer = await unanimous(deps.labels, { prefix: p.prefix, candidate: ending, reference: p.suffix, meta: doc.meta }, p.seed);
    if (answer === undefined) return { skip: 'label judges disagree or abstain' };
  }
  return taskDocument(doc, task, variant, pointPrompt(o.aspect, p.prefix, ending, o.reference ? p.suffix : undefined), answer, { shown: showCorrupted ? 'corrupted' : 'original' });
}

/**
 * A rewriter-training task from one document: `copy` shows the original suffix, which must come
 * back unchanged (with label judges, only originals they all pass); `fix` (probability fix_share)
 * shows a corrupted copy, whose repair is the original. The answer is the original suffix in both;
 * `meta.judge_prefix` keeps the document's prefix for judges that score the rewrites.
 */
export async function rewriteTask(doc: Document, deps: TaskDeps, o: RewriteTaskOptions, variant = 0): Promise<TaskOutcome> {
  const fix = createRng(taskSeed(deps, 'rewrite.mode', doc, variant)).chance(o.fixShare);
  const task = fix ? 'rewrite.fix' : 'rewrite.copy';
  const p = await prepare(doc, deps, o, 'rewrite', fix, variant);
  if ('skip' in p) return p;
  if (!fix && deps.labels.length > 0 && (await unanimous(deps.labels, { prefix: p.prefix, candidate: p.suffix, reference: p.suffix, meta: doc.meta }, p.seed)) !== 'yes') {
    return { skip: 'copy task: the label judges do not all pass the original' };
  }
  // judge_prefix: judges scoring a sampled rewrite read the document's prefix, not the rewrite prompt.
  return taskDocument(doc, task, variant, rewritePrompt(p.prefix, fix ? p.corrupted! : p.suffix), p.suffix, { judge_prefix: p.prefix });
}
