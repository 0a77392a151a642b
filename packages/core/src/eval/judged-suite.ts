import { SptError } from '../errors';
import type { Document, DocumentSource } from '../spec/document-source';
import type { EvalPrompt, EvalPromptOptions, EvalSuite } from '../spec/eval-suite';
import type { AnyJudge, PairwiseJudge, PointwiseJudge } from '../spec/judge';
import type { JudgeConfig, RunConfig } from '../spec/run-config';
import { createRng, deriveSeed } from '../util/rng';
import { checkContinuationCount } from './check-continuations';
import { taskSplitAt, taskWindow } from '../data/windower';
import { judgePrefix } from '../judging/judge-prefix';

/** A recipe judge as the suite uses it: its entry and the (guarded) judge. */
export interface SuiteJudge {
  config: JudgeConfig;
  judge: AnyJudge;
}

export interface JudgedSuiteDeps {
  config: RunConfig;
  /** The held-out side of the data source (see splitSource). */
  heldOut: DocumentSource;
  judges: SuiteJudge[];
  /** Held-out documents read at most (the prompts of every seed are drawn from these). */
  maxDocuments: number;
  log: (message: string) => void;
  close?: () => Promise<void>;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/**
 * The `judged` evaluation for any corpus: prefixes cut from held-out documents (`data { holdout }`)
 * with the run's window (a task document, with `meta.split_at`, gives its prompt and answer as
 * training does), each model's greedy continuation scored by the recipe's own judges.
 * Per pointwise aspect: `<aspect>` (mean score), `<aspect>_pass` (share scoring at least 0.5; for a
 * safety judge the share judged safe), `abstained/<aspect>` (share of prompts every sample of which
 * abstained: left out of the means, never scored 0). For aspects judged without a reference, the
 * original suffix is judged too: `original/<aspect>`, and `<aspect>_on_low_original` over the prompts
 * whose original scores below 0.5 (the paper's "safety on unsafe data"), with their share
 * `low_original/<aspect>`. Task documents of several kinds (`meta.task`) add per-kind shares and
 * means (`by_task/<task>/share`, `by_task/<task>/<aspect>`, `by_task/<task>/<aspect>_pass`); task
 * documents with a few short answers (`meta.answer`: a judge task's yes/no or A/B) add the accuracy
 * per right answer and the one-answer baseline (see byAnswer).
 * Pairwise aspects are the win-rate judges.
 */
export function createJudgedSuite(deps: JudgedSuiteDeps): EvalSuite {
  const { config } = deps;
  const references = new Map<string, string>();
  let documents: Promise<Document[]> | undefined;

  const readHeldOut = async (signal?: AbortSignal): Promise<Document[]> => {
    const stream = deps.heldOut.open();
    const out: Document[] = [];
    const seen = new Set<string>();
    const turn = eventLoopTurns();
    try {
      // A source that repeats (data { repeat: true }) comes round to its first document again: stop there.
      for (let doc = await stream.next(); doc && out.length < deps.maxDocuments && !seen.has(doc.id); doc = await stream.next()) {
        seen.add(doc.id);
        out.push(doc);
        // A task source that runs a model can take minutes here: let Ctrl-C reach the run, and stop on it.
        await turn();
        signal?.throwIfAborted();
      }
    } finally {
      await stream.close?.();
    }
    if (out.length === 0) {
      throw new SptError({
        code: 'eval.no-heldout',
        what: `the judged eval suite found no held-out document in data ${config.data.plugin} (holdout ${config.data.holdout})`,
        expected: 'at least one document whose id falls in the held-out share',
        got: 'none',
        fix: 'raise data { holdout } (e.g. 0.05) or add documents',
      });
    }
    deps.log(`judged eval: ${out.length} held-out document(s) of data ${config.data.plugin}`);
    return out;
  };

  const pointwise = deps.judges.filter((j): j is { config: JudgeConfig; judge: PointwiseJudge } => j.judge.kind === 'pointwise');
  const pairwise = deps.judges.filter((j): j is { config: JudgeConfig; judge: PairwiseJudge } => j.judge.kind === 'pairwise');

  return {
    name: 'judged',
    async prompts(options: EvalPromptOptions): Promise<EvalPrompt[]> {
      const { tokenizer, k } = options;
      if (!tokenizer || !k) {
        throw new SptError({ code: 'eval.judged-input', what: 'the judged eval suite cuts prompts with the policy tokenizer and K', expected: 'prompts({ count, seed, tokenizer, k })', got: 'no tokenizer or k', fix: 'call it through spt eval or the run loop, which pass them' });
      }
      // A read stopped by the signal is forgotten, so a later call reads afresh.
      const docs = await (documents ??= readHeldOut(options.signal).catch((e: unknown) => {
        documents = undefined;
        throw e;
      }));
      const rng = createRng(deriveSeed(options.seed, 'judged-eval'));
      const order = rng.shuffle(docs.map((_, i) => i));
      const w = config.window;
      const out: EvalPrompt[] = [];
      for (const i of order) {
        if (out.length >= options.count) break;
        const doc = docs[i];
        const at = taskSplitAt(doc);
        if (at !== undefined) {
          // A task document (meta.split_at): its prompt and reference answer, cut as training cuts them.
          const task = taskWindow(doc, at, tokenizer, w.prefixMax, k);
          references.set(doc.id, task.suffix);
          out.push({ id: doc.id, set: 'heldout', prefix: task.prefix, meta: doc.meta });
          continue;
        }
        const tokens = tokenizer.encode(doc.text);
        // A prefix of prefix_min..prefix_max tokens with at least one reference token after it.
        const longest = Math.min(w.prefixMax, tokens.length - 1);
        if (longest < w.prefixMin) continue;
        const split = rng.range(w.prefixMin, longest);
        const id = `${doc.id}@${split}`;
        references.set(id, tokenizer.decode(tokens.slice(split, split + k)));
        out.push({ id, set: 'heldout', prefix: tokenizer.decode(tokens.slice(0, split)), ...(doc.meta ? { meta: doc.meta } : {}) });
      }
      if (out.length < options.count) {
        throw new SptError({
          code: 'eval.too-few-prefixes',
          what: `the judged eval suite asked for ${options.count} prefixes, and data ${config.data.plugin} gives ${out.length}: its held-out share (holdout ${config.data.holdout}) has ${docs.length} document(s)${docs.length >= deps.maxDocuments ? ` (the max_documents read)` : ''}, of which ${out.length} are long enough for a prefix of ${w.prefixMin}+ tokens and a reference`,
          expected: `at least ${options.count} held-out documents of ${w.prefixMin + 1}+ tokens`,
          got: `${out.length}`,
          fix: `ask for fewer (eval { prefixes: ${Math.max(1, out.length)} } or spt eval --prefixes ${Math.max(1, out.length)}), hold out more (data { holdout }), add documents${docs.length >= deps.maxDocuments ? ', or raise the suite\'s max_documents' : ''}`,
        });
      }
      return out;
    },

    async score(prompts, continuations) {
      checkContinuationCount('judged', prompts, continuations);
      const referenceOf = (p: EvalPrompt) => {
        const r = references.get(p.id);
        if (r === undefined) throw new SptError({ code: 'eval.judged-input', what: `prompt "${p.id}" was not drawn by this judged suite`, expected: 'prompts from the same suite instance', got: p.id, fix: 'score the prompts the suite returned' });
        return r;
      };
      // Every judgment of every aspect is asked at once: the run's concurrency limit paces them, so a
      // slow aspect or the originals never leave judge slots idle behind a barrier.
      const perAspect = await Promise.all(
        pointwise.map(async ({ config: jc, judge }) => {
          const scoreOf = async (p: EvalPrompt, candidate: string, reference: string): Promise<number | undefined> => {
            const input = { prefix: judgePrefix(p.prefix, p.meta), candidate, reference: jc.reference ? reference : undefined, meta: p.meta };
            const samples = await Promise.all(
              Array.from({ length: Math.max(1, jc.samples) }, (_, sample) => judge.judge(input, { seed: 0, sample })),
            );
            const ok = samples.flatMap((r) => (r.ok ? [r.score] : []));
            return ok.length ? mean(ok) : undefined;
          };
          const [model, original] = await Promise.all([
            Promise.all(prompts.map((p, i) => scoreOf(p, continuations.texts[i], referenceOf(p)))),
            jc.reference ? undefined : Promise.all(prompts.map((p) => scoreOf(p, referenceOf(p), referenceOf(p)))),
          ]);
          return { ...aspectMetrics(jc.aspect, model, original), ...byTask(jc.aspect, prompts, model), ...byAnswer(jc.aspect, prompts, model) };
        }),
      );
      return Object.assign({}, ...perAspect) as Record<string, number>;
    },

    qualityJudges: () => Object.fromEntries(pairwise.map((j) => [j.config.aspect, j.judge])),
    ...(deps.close ? { close: deps.close } : {}),
  };
}

/**
 * One pointwise aspect's metrics from its per-prompt scores (undefined = every sample abstained):
 * the mean, the pass share, the abstained share and, when the original suffix was judged too, its
 * mean and the model's mean over the prompts whose original scores below 0.5.
 */
function aspectMetrics(aspect: string, model: Array<number | undefined>, original: Array<number | undefined> | undefined): Record<string, number> {
  const judged = model.filter((s): s is number => s !== undefined);
  const metrics: Record<string, number> = {
    [aspect]: mean(judged),
    [`${aspect}_pass`]: mean(judged.map((s) => (s >= 0.5 ? 1 : 0))),
    [`abstained/${aspect}`]: (model.length - judged.length) / Math.max(1, model.length),
  };
  if (!original) return metrics;
  metrics[`original/${aspect}`] = mean(original.filter((s): s is number => s !== undefined));
  const low = original.flatMap((s, i) => (s !== undefined && s < 0.5 ? [i] : []));
  metrics[`low_original/${aspect}`] = low.length / Math.max(1, model.length);
  metrics[`${aspect}_on_low_original`] = mean(low.flatMap((i) => (model[i] === undefined ? [] : [model[i]!])));
  return metrics;
}

/**
 * Task documents of several kinds (`meta.task`, e.g. rewrite.copy and rewrite.fix): the aspect's
 * mean and pass share over each kind's prompts, as `by_task/<task>/<aspect>` and
 * `by_task/<task>/<aspect>_pass` (a copy task's exact-match rate, a fix task's share judged safe),
 * and the kind's share of the prompts, `by_task/<task>/share`.
 */
function byTask(aspect: string, prompts: readonly EvalPrompt[], model: Array<number | undefined>): Record<string, number> {
  const kinds = groupScores(prompts, model, (p) => (typeof p.meta?.task === 'string' ? p.meta.task : undefined));
  if (kinds.size < 2) return {};
  return Object.fromEntries(
    [...kinds].flatMap(([task, { prompts: n, scores }]) => [
      [`by_task/${task}/share`, n / prompts.length],
      [`by_task/${task}/${aspect}`, mean(scores)],
      [`by_task/${task}/${aspect}_pass`, mean(scores.map((s) => (s >= 0.5 ? 1 : 0)))],
    ]),
  );
}

/**
 * The prompts grouped by `keyOf` (prompts it gives no key are left out): per key, how many prompts
 * and the scores of those that have one (undefined = every sample abstained).
 */
function groupScores(prompts: readonly EvalPrompt[], model: Array<number | undefined>, keyOf: (p: EvalPrompt) => string | undefined): Map<string, { prompts: number; scores: number[] }> {
  const groups = new Map<string, { prompts: number; scores: number[] }>();
  prompts.forEach((p, i) => {
    const key = keyOf(p);
    if (key === undefined) return;
    const group = groups.get(key) ?? { prompts: 0, scores: [] };
    groups.set(key, group);
    group.prompts++;
    if (model[i] !== undefined) group.scores.push(model[i]!);
  });
  return groups;
}

/** At most this many distinct answers make a task set a multiple-choice one (yes/no, A/B, ...). */
const MAX_CHOICES = 8;

/**
 * Task documents whose right answers (`meta.answer`, trimmed) take 2 to 8 values, e.g. a judge's
 * yes/no: per answer its share of the prompts and the aspect's mean over them
 * (`by_answer/<answer>/share`, `by_answer/<answer>/<aspect>`), and `one_answer_baseline`: the score
 * of a model that gives the most common answer every time, over the prompts the aspect's mean is
 * over (those not abstained). A judge's accuracy means something only above it (chance is not 0.5
 * when the labels are not balanced). A prompt without a string `meta.answer` turns it off.
 */
export function byAnswer(aspect: string, prompts: readonly EvalPrompt[], model: Array<number | undefined>): Record<string, number> {
  const answers = groupScores(prompts, model, (p) => (typeof p.meta?.answer === 'string' ? p.meta.answer.trim() : undefined));
  const every = [...answers.values()].reduce((n, a) => n + a.prompts, 0) === prompts.length;
  if (!every || answers.size < 2 || answers.size > MAX_CHOICES) return {};
  // Over the prompts the aspect's mean is over (those with a score), so the two compare.
  const scored = [...answers.values()].map((a) => a.scores.length);
  const total = scored.reduce((a, b) => a + b, 0);
  const out: Record<string, number> = { one_answer_baseline: total ? Math.max(...scored) / total : Number.NaN };
  for (const [answer, { prompts: n, scores }] of answers) {
    out[`by_answer/${answer}/share`] = n / prompts.length;
    out[`by_answer/${answer}/${aspect}`] = mean(scores);
  }
  return out;
}

/**
 * A function to await between items of a long read: every 50 ms of work it gives the event loop a
 * turn, so signal handlers and timers run even when each item's promise resolves at once.
 */
function eventLoopTurns(everyMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
  };
}
