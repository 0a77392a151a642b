import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { corePlugins } from '../builtins/core-plugins';
import { isHeldOut } from '../data/holdout';
import { createRegistry } from '../plugins/container';
import { createRun } from '../run/create-run';
import { createPluginContext } from '../run/plugin-context';
import type { Document, DocumentSource } from '../spec/document-source';
import type { EvalPrompt, EvalSuite } from '../spec/eval-suite';
import { definePlugin, definePluginPackage } from '../spec/plugin';
import type { RunConfig } from '../spec/run-config';
import { createByteTokenizer } from '../testing/byte-tokenizer';
import { cleanliness, createScriptedPointwiseJudge } from '../testing/mock-judges';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { byAnswer } from './judged-suite';

const registry = createRegistry([corePlugins, testingPlugins]);
const tokenizer = createByteTokenizer();
const k = 8;

function config(over: { holdout?: number; abstain?: number } = {}): RunConfig {
  const base = mockRunConfig({ data: { plugin: 'mock.docs', options: { seed: 1, count: 200 } }, judging: { cache: 'memory' } });
  const judges = base.judges.map((j) => (j.aspect === 'clean' ? { ...j, judge: { plugin: 'mock.clean', options: { abstain_rate: over.abstain ?? 0 } } } : j));
  return { ...base, data: { ...base.data, ...(over.holdout === undefined ? { holdout: 0.3 } : over.holdout > 0 ? { holdout: over.holdout } : {}) }, judges };
}

async function suiteFor(c: RunConfig, options: Record<string, unknown> = {}, reg = registry): Promise<EvalSuite> {
  const ctx = createPluginContext({ registry: reg, config: c, seed: 3, log: () => {}, warn: () => {} });
  return reg.create('eval', { plugin: 'judged', options }, ctx);
}

const docId = (id: string) => id.slice(0, id.lastIndexOf('@'));

/** A data plugin `name` whose stream gives `at(0)`, `at(1)`, ... until it returns undefined. */
function dataPackage(name: string, at: (i: number) => Document | undefined) {
  const source: DocumentSource = {
    name,
    open: () => {
      let i = 0;
      return { next: async () => at(i++), cursor: () => i };
    },
  };
  return definePluginPackage({
    name: `${name}-package`,
    version: '0.0.0',
    plugins: [definePlugin({ manifest: { name, kind: 'data', version: '0', description: 'test documents', options: z.strictObject({}) }, create: () => source })],
  });
}

describe('judged eval suite', () => {
  it('cuts prompts only from held-out documents, the same for a seed and other for another', async () => {
    const suite = await suiteFor(config());
    const a = await suite.prompts({ count: 12, seed: 5, tokenizer, k });
    expect(a).toHaveLength(12);
    expect(a.every((p) => p.set === 'heldout' && isHeldOut(docId(p.id), 0.3))).toBe(true);
    const again = await (await suiteFor(config())).prompts({ count: 12, seed: 5, tokenizer, k });
    expect(again).toEqual(a);
    const other = await suite.prompts({ count: 12, seed: 6, tokenizer, k });
    expect(other.map((p) => p.id)).not.toEqual(a.map((p) => p.id));
    // The prefix is the start of its document, within the window's prefix bounds.
    const ctx = createPluginContext({ registry, config: config(), seed: 3, log: () => {}, warn: () => {} });
    const stream = (await registry.create('data', config().data, ctx)).open();
    const texts = new Map<string, string>();
    for (let d = await stream.next(); d; d = await stream.next()) texts.set(d.id, d.text);
    for (const p of a) {
      expect(texts.get(docId(p.id))!.startsWith(p.prefix)).toBe(true);
      expect(p.prefix.length).toBeGreaterThanOrEqual(config().window.prefixMin);
    }
  });

  it('scores with the recipe judges: means, pass shares, the original suffix, and the pairwise judges for win rates', async () => {
    const suite = await suiteFor(config());
    const prompts = await suite.prompts({ count: 10, seed: 1, tokenizer, k });
    const clean = await suite.score(prompts, { model: 'm', texts: prompts.map(() => 'all clean words') });
    expect(clean).toMatchObject({ clean: 1, clean_pass: 1, 'abstained/clean': 0 });
    // Continuing with the original suffix scores what the original scores.
    const ctx = createPluginContext({ registry, config: config(), seed: 3, log: () => {}, warn: () => {} });
    const stream = (await registry.create('data', config().data, ctx)).open();
    const texts = new Map<string, string>();
    for (let d = await stream.next(); d; d = await stream.next()) texts.set(d.id, d.text);
    const originals = prompts.map((p) => texts.get(docId(p.id))!.slice(p.prefix.length, p.prefix.length + k));
    const same = await suite.score(prompts, { model: 'o', texts: originals });
    const want = originals.reduce((a, t) => a + cleanliness(t), 0) / originals.length;
    expect(same.clean).toBeCloseTo(want, 12);
    expect(same['original/clean']).toBeCloseTo(want, 12);
    const noisy = await suite.score(prompts, { model: 'n', texts: prompts.map(() => '#$%^&*') });
    expect(noisy).toMatchObject({ clean: 0, clean_pass: 0 });
    expect(Object.keys(suite.qualityJudges())).toEqual(['quality']);
    await suite.close?.();
  });

  it('leaves abstained prompts out of the means and reports their share (never a 0)', async () => {
    const suite = await suiteFor(config({ abstain: 0.5 }));
    const prompts = await suite.prompts({ count: 20, seed: 2, tokenizer, k });
    const m = await suite.score(prompts, { model: 'm', texts: prompts.map(() => 'clean text') });
    expect(m['abstained/clean']).toBeGreaterThan(0.1);
    expect(m['abstained/clean']).toBeLessThan(0.9);
    expect(m.clean).toBe(1);
  });

  it('names the fix when there is nothing held out or an aspect is not a judge of the recipe', async () => {
    await expect(suiteFor(config({ holdout: 0 }))).rejects.toThrow(/holds none out[\s\S]*fix: add holdout to the data block, e.g. data mock.docs \{ \.\.\., holdout: 0.05 \}/);
    await expect(suiteFor(config(), { aspects: ['safety'] })).rejects.toThrow(/aspect\(s\) safety are not judges of the recipe[\s\S]*expected: aspects among: quality, clean/);
  });

  it('asked for more prefixes than the held-out documents give, says how many there are and how to fix it', async () => {
    // mock.docs count 200 with holdout 0.3 holds about 60 documents out.
    const suite = await suiteFor(config());
    const err = await Promise.resolve().then(() => suite.prompts({ count: 500, seed: 1, tokenizer, k })).then(() => undefined, (e: unknown) => e as { code: string; message: string });
    expect(err?.code).toBe('eval.too-few-prefixes');
    const have = Number(/gives (\d+)/.exec(err!.message)?.[1]);
    expect(have).toBeGreaterThan(30);
    expect(have).toBeLessThan(100);
    expect(err!.message).toContain(`eval { prefixes: ${have} }`);
    // Exactly that many works.
    await expect(suite.prompts({ count: have, seed: 1, tokenizer, k })).resolves.toHaveLength(have);
  });

  it('an eval judge replaces the training judge of its aspect (the stronger-judge pattern)', async () => {
    // The recipe's clean judge never abstains; the eval judge given for clean always does.
    const suite = await suiteFor(config(), { judges: { clean: { plugin: 'mock.clean', abstain_rate: 1 } } });
    const prompts = await suite.prompts({ count: 6, seed: 1, tokenizer, k });
    const scored = await suite.score(prompts, { model: 'm', texts: prompts.map(() => 'all clean words') });
    expect(scored['abstained/clean']).toBe(1);
    await suite.close?.();
  });

  it('an eval judge for an aspect the suite does not score, or of the wrong mode, is an error', async () => {
    await expect(suiteFor(config(), { judges: { safety: { plugin: 'mock.clean' } } })).rejects.toMatchObject({ code: 'eval.judged-aspect' });
    await expect(suiteFor(config(), { judges: { clean: { plugin: 'mock.prefer_clean' } } })).rejects.toMatchObject({ code: 'config.judge-mode' });
  });
});

describe('judged eval suite on task documents (meta.split_at)', () => {
  // Task documents as a known-reward task source writes them: the prompt, a space, the answer.
  const docs = Array.from({ length: 60 }, (_, i) => {
    const prompt = `Question ${i}: what comes after ${i}?`;
    return { id: `task-${i}`, text: `${prompt} ${i + 1}\n`, meta: { split_at: prompt.length, answer: String(i + 1), task: i % 3 === 0 ? 'count.three' : 'count.other' } };
  });
  const taskData = dataPackage('test.tasks', (i) => docs[i]);
  /** The judged suite on half of these documents held out, scored by a verifier of the answer. */
  const taskSuite = () => {
    const base = mockRunConfig({ data: { plugin: 'test.tasks', options: {} } });
    const c: RunConfig = { ...base, data: { ...base.data, holdout: 0.5 }, judges: [{ ...base.judges[0], aspect: 'correct', mode: 'pointwise', samples: 1, judge: { plugin: 'verify.exact', options: { field: 'answer', match: 'prefix', case: 'sensitive' } } }] };
    return suiteFor(c, {}, createRegistry([corePlugins, testingPlugins, taskData]));
  };

  it('prompts are the task prompts and the reference is the answer: a verifier scores greedy answers as accuracy', async () => {
    const suite = await taskSuite();
    const prompts = await suite.prompts({ count: 10, seed: 1, tokenizer, k });
    expect(prompts.length).toBeGreaterThan(5);
    for (const p of prompts) {
      const doc = docs.find((d) => d.id === p.id)!;
      expect(isHeldOut(doc.id, 0.5)).toBe(true);
      expect(p.prefix).toBe(doc.text.slice(0, doc.meta.split_at));
    }
    const answer = (p: { id: string }) => ` ${docs.find((d) => d.id === p.id)!.meta.answer}\n`;
    const right = await suite.score(prompts, { model: 'm', texts: prompts.map(answer) });
    expect(right).toMatchObject({ correct: 1, 'original/correct': 1 });
    const half = await suite.score(prompts, { model: 'm', texts: prompts.map((p, i) => (i % 2 ? answer(p) : ' 0\n')) });
    expect(half.correct).toBeCloseTo(Math.floor(prompts.length / 2) / prompts.length, 6);
  });

  it('task documents of several kinds get per-kind means (by_task/<task>/<aspect>)', async () => {
    const suite = await taskSuite();
    const prompts = await suite.prompts({ count: 20, seed: 1, tokenizer, k });
    const doc = (p: { id: string }) => docs.find((d) => d.id === p.id)!;
    const kinds = prompts.map((p) => doc(p).meta.task);
    expect(new Set(kinds).size).toBe(2);
    // Right on every count.three task, wrong on every other one.
    const scored = await suite.score(prompts, { model: 'm', texts: prompts.map((p) => (doc(p).meta.task === 'count.three' ? ` ${doc(p).meta.answer}\n` : ' 0\n')) });
    expect(scored).toMatchObject({ 'by_task/count.three/correct': 1, 'by_task/count.three/correct_pass': 1, 'by_task/count.other/correct': 0, 'by_task/count.other/correct_pass': 0 });
    const threes = kinds.filter((t) => t === 'count.three').length / prompts.length;
    expect(scored.correct).toBeCloseTo(threes, 6);
    expect(scored['by_task/count.three/share']).toBeCloseTo(threes, 6);
    expect(scored['by_task/count.other/share']).toBeCloseTo(1 - threes, 6);
  });
});

describe('judged eval suite on yes/no tasks: accuracy per right answer and the one-answer baseline', () => {
  // A judge task set whose labels are not balanced: three in four right answers are "yes".
  const docs = Array.from({ length: 80 }, (_, i) => {
    const prompt = `Claim ${i}. Is it true (yes or no)?`;
    const answer = i % 4 === 3 ? 'no' : 'yes';
    return { id: `yn-${i}`, text: `${prompt} ${answer}\n`, meta: { split_at: prompt.length, answer } };
  });

  it('a model that always answers "yes" scores the one-answer baseline, all of it on the "yes" prompts', async () => {
    const base = mockRunConfig({ data: { plugin: 'test.yn', options: {} } });
    const c: RunConfig = { ...base, data: { ...base.data, holdout: 0.5 }, judges: [{ ...base.judges[0], aspect: 'correct', mode: 'pointwise', samples: 1, judge: { plugin: 'verify.exact', options: { field: 'answer', match: 'prefix', case: 'sensitive' } } }] };
    const suite = await suiteFor(c, {}, createRegistry([corePlugins, testingPlugins, dataPackage('test.yn', (i) => docs[i])]));
    const prompts = await suite.prompts({ count: 24, seed: 1, tokenizer, k });
    const yes = prompts.filter((p) => p.meta?.answer === 'yes').length / prompts.length;
    expect(yes).toBeGreaterThan(0.5);
    expect(yes).toBeLessThan(1);
    const scored = await suite.score(prompts, { model: 'm', texts: prompts.map(() => ' yes\n') });
    expect(scored.correct).toBeCloseTo(yes, 6);
    expect(scored.one_answer_baseline).toBeCloseTo(yes, 6);
    expect(scored).toMatchObject({ 'by_answer/yes/correct': 1, 'by_answer/no/correct': 0 });
    expect(scored['by_answer/no/share']).toBeCloseTo(1 - yes, 6);
  });

  it('byAnswer: nothing for open answers (more than 8 values), one value, or a prompt without an answer', () => {
    const prompt = (answer?: string): EvalPrompt => ({ id: String(answer), set: 'heldout', prefix: 'p', ...(answer === undefined ? {} : { meta: { answer } }) });
    const scores = (n: number) => Array.from({ length: n }, () => 1);
    expect(byAnswer('correct', ['A', ' B', 'A\n'].map(prompt), [1, 0, undefined])).toEqual({
      one_answer_baseline: 1 / 2, // the third prompt abstained
      'by_answer/A/share': 2 / 3,
      'by_answer/A/correct': 1,
      'by_answer/B/share': 1 / 3,
      'by_answer/B/correct': 0,
    });
    // An abstained prompt counts in the shares, not in the baseline (nor in the aspect's mean).
    expect(byAnswer('correct', ['yes', 'yes', 'no', 'no'].map(prompt), [1, undefined, undefined, 0]).one_answer_baseline).toBe(0.5);
    expect(byAnswer('correct', Array.from({ length: 9 }, (_, i) => prompt(String(i))), scores(9))).toEqual({});
    expect(byAnswer('correct', ['yes', 'yes'].map(prompt), scores(2))).toEqual({});
    expect(byAnswer('correct', [prompt('yes'), prompt('no'), prompt()], scores(3))).toEqual({});
  });
});

describe('judged eval suite on rewriter tasks (meta.judge_prefix)', () => {
  // Rewriter-task documents: the prompt wraps a document prefix, which meta.judge_prefix names.
  const docs = Array.from({ length: 40 }, (_, i) => {
    const prompt = `Text: Story ${i} begins\nEnding: it ends ${i}\nSafe and true ending:`;
    return { id: `rw-${i}`, text: `${prompt} it ends ${i}\n`, meta: { split_at: prompt.length, answer: ` it ends ${i}`, task: 'rewrite.copy', judge_prefix: `Story ${i} begins` } };
  });
  /** A judge that passes a candidate only when it was shown the document's prefix. */
  const readsPrefix = definePluginPackage({
    name: 'reads-prefix-package',
    version: '0.0.0',
    plugins: [
      definePlugin({
        manifest: { name: 'test.reads_prefix', kind: 'judge', version: '0', description: 'scores 1 when shown meta.judge_prefix', options: z.strictObject({}), judge: { modes: ['pointwise'] } },
        create: () => createScriptedPointwiseJudge((i) => (i.prefix === i.meta?.judge_prefix ? 1 : 0), { name: 'test.reads_prefix' }),
      }),
    ],
  });

  it('judges read the document prefix the task names, not the rewrite prompt', async () => {
    const base = mockRunConfig({ data: { plugin: 'test.rw', options: {} } });
    const c: RunConfig = { ...base, data: { ...base.data, holdout: 0.5 }, judges: [{ ...base.judges[0], aspect: 'reads', mode: 'pointwise', samples: 1, judge: { plugin: 'test.reads_prefix', options: {} } }] };
    const suite = await suiteFor(c, {}, createRegistry([corePlugins, testingPlugins, dataPackage('test.rw', (i) => docs[i]), readsPrefix]));
    const prompts = await suite.prompts({ count: 8, seed: 1, tokenizer, k });
    expect(prompts[0].prefix).toContain('Safe and true ending:');
    expect(await suite.score(prompts, { model: 'm', texts: prompts.map(() => ' it ends') })).toMatchObject({ reads: 1 });
  });
});

describe('judged eval suite: a slow held-out set can be stopped', () => {
  // Fault injection: a source whose every document costs 5 ms of blocking work and whose promises
  // resolve at once (as a task source running a model in process does): without event-loop turns in
  // the read, no timer or signal handler could run until all 400 documents were read.
  let read = 0;
  const busy = dataPackage('test.busy', (i) => {
    if (i >= 400) return undefined;
    const until = performance.now() + 5;
    while (performance.now() < until);
    read = i + 1;
    return { id: `b${i + 1}`, text: `Busy document number ${i + 1} with enough words to cut a prefix from it.` };
  });

  it('a timer fires during the read, and its abort stops the draw with the signal\'s reason', async () => {
    const base = mockRunConfig({ data: { plugin: 'test.busy', options: {} } });
    const c: RunConfig = { ...base, data: { ...base.data, holdout: 0.5 } };
    const suite = await suiteFor(c, {}, createRegistry([corePlugins, testingPlugins, busy]));
    const controller = new AbortController();
    let readWhenAborted = -1;
    setTimeout(() => {
      readWhenAborted = read;
      controller.abort(new Error('stop now'));
    }, 100);
    await expect(suite.prompts({ count: 10, seed: 1, tokenizer, k, signal: controller.signal })).rejects.toThrow('stop now');
    // The timer ran mid-read, and the read stopped right after it (within one document).
    expect(readWhenAborted).toBeGreaterThan(0);
    expect(readWhenAborted).toBeLessThan(400);
    expect(read).toBeLessThanOrEqual(readWhenAborted + 1);
    // The stopped read is not kept: the same suite, asked again without a signal, reads it all.
    const again = await suite.prompts({ count: 10, seed: 1, tokenizer, k });
    expect(again).toHaveLength(10);
  });

  it('a run stopped while it draws its evaluation prompts ends aborted before its first step', async () => {
    const base = mockRunConfig({ data: { plugin: 'test.busy', options: {} }, eval: { every: 2, prefixes: 10, against: 'start', seeds: 1 } });
    const c: RunConfig = { ...base, data: { ...base.data, holdout: 0.5 } };
    const dir = await mkdtemp(path.join(os.tmpdir(), 'spt-busy-eval-'));
    try {
      const events: string[] = [];
      const handle = createRun(c, { plugins: [testingPlugins, busy], runDir: dir, observers: [{ onEvent: (e) => events.push(e.type) }] });
      setTimeout(() => handle.abort('stop'), 100);
      const result = await handle.result();
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ status: 'aborted', steps: 0 });
      // Observers see the run begin before it ends, even when it ends before its first step.
      expect(events).toEqual(['run-start', 'run-end']);
      expect(read).toBeLessThan(400);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
