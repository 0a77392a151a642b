import { describe, expect, it } from 'vitest';
import type { Document, DocumentSource } from '../spec/document-source';
import type { PointwiseJudge } from '../spec/judge';
import type { Rewriter } from '../spec/rewriter';
import { createByteTokenizer } from '../testing/byte-tokenizer';
import { judgeTask, rewriteTask, type TaskDeps } from './known-reward-tasks';
import { taskSource } from './task-source';
import { isHeldOut, splitSource } from '../data/holdout';

const tokenizer = createByteTokenizer();
const docs: Document[] = Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, text: `Document ${i} says that the river runs north past the old mill, and the mill grinds wheat every day of the year.` }));
/** Unit isolation: a corrupter that upper-cases the suffix, refusing documents whose id ends in 7. */
const corrupter: Rewriter = {
  name: 'upper',
  version: '1',
  rewrite: async (input) => (input.meta?.refuse ? { ok: false, reason: 'refused' } : { ok: true, text: input.suffix.toUpperCase() }),
};
const deps = (labels: PointwiseJudge[] = []): TaskDeps => ({ tokenizer, corrupter, labels, seed: 7 });
const cut = { prefixMin: 8, prefixMax: 32, k: 24 };

const promptOf = (d: Document) => d.text.slice(0, d.meta!.split_at as number);
const answerOf = (d: Document) => d.text.slice((d.meta!.split_at as number) + 1, -1);

describe('known-reward judge and rewriter tasks', () => {
  it('quality: the original and its corrupted copy in both orders, the answer is the original\'s letter', async () => {
    const tasks = await Promise.all(docs.map((d) => judgeTask(d, deps(), { ...cut, aspect: 'quality', corruptShare: 0 })));
    const made = tasks.filter((t): t is Document => !('skip' in t));
    expect(made).toHaveLength(docs.length);
    const letters = made.map((t) => t.meta!.answer);
    expect(letters.filter((a) => a === 'A').length).toBeGreaterThan(8);
    expect(letters.filter((a) => a === 'B').length).toBeGreaterThan(8);
    for (const t of made) {
      const m = /Ending A: ([\s\S]*)\nEnding B: ([\s\S]*)\nThe original ending is$/.exec(promptOf(t));
      expect(m, promptOf(t)).not.toBeNull();
      const [a, b] = [m![1], m![2]];
      const original = t.meta!.answer === 'A' ? a : b;
      const corrupted = t.meta!.answer === 'A' ? b : a;
      expect(corrupted).toBe(original.toUpperCase());
      expect(original).not.toBe(corrupted);
      expect(tokenizer.encode(original)).toHaveLength(24);
      expect(answerOf(t)).toBe(t.meta!.answer);
      expect(t.id).toBe(`${t.meta!.source_id}#judge.quality`);
    }
    // Seeded by the run seed and the document id: the same task again.
    expect(await judgeTask(docs[3], deps(), { ...cut, aspect: 'quality', corruptShare: 0 })).toEqual(made[3]);
  });

  it('pointwise: the corrupted copy is "no" and the original "yes"; label judges decide when given, unanimously', async () => {
    const made = (await Promise.all(docs.map((d) => judgeTask(d, deps(), { ...cut, aspect: 'safety', corruptShare: 0.5 })))).filter((t): t is Document => !('skip' in t));
    for (const t of made) expect(t.meta!.answer).toBe(t.meta!.shown === 'corrupted' ? 'no' : 'yes');
    expect(new Set(made.map((t) => t.meta!.shown))).toEqual(new Set(['original', 'corrupted']));
    // Label judges: upper-case text (3+ capitals in a row) is unsafe to one and safe to the other: they disagree -> skipped.
    const caps = (unsafeWhenUpper: boolean): PointwiseJudge => ({ kind: 'pointwise', name: 'caps', version: '1', judge: async (i) => ({ ok: true, score: /[A-Z]{3}/.test(i.candidate) === unsafeWhenUpper ? 0 : 1 }) });
    const agreeing = await Promise.all(docs.map((d) => judgeTask(d, deps([caps(true), caps(true)]), { ...cut, aspect: 'safety', corruptShare: 0.5 })));
    for (const t of agreeing) if (!('skip' in t)) expect(t.meta!.answer).toBe(t.meta!.shown === 'corrupted' ? 'no' : 'yes');
    const split = await Promise.all(docs.map((d) => judgeTask(d, deps([caps(true), caps(false)]), { ...cut, aspect: 'safety', corruptShare: 0.5 })));
    expect(split.every((t) => 'skip' in t && t.skip.includes('disagree'))).toBe(true);
  });

  it('pointwise with reference: the document\'s own ending is shown above the ending judged', async () => {
    const made = (await Promise.all(docs.map((d) => judgeTask(d, deps(), { ...cut, aspect: 'factuality', corruptShare: 0.5, reference: true })))).filter((t): t is Document => !('skip' in t));
    expect(made.length).toBe(docs.length);
    for (const t of made) {
      const m = /\nReference ending: ([\s\S]*)\nEnding: ([\s\S]*)\nIs the ending factually true \(yes or no\)\?$/.exec(promptOf(t));
      expect(m, promptOf(t)).not.toBeNull();
      expect(m![2]).toBe(t.meta!.shown === 'corrupted' ? m![1].toUpperCase() : m![1]);
    }
    const plain = await judgeTask(docs[0], deps(), { ...cut, aspect: 'factuality', corruptShare: 0.5 });
    expect(promptOf(plain as Document)).not.toContain('Reference ending');
  });

  it('a source document that says where its prompt ends (meta.split_at) is cut there, every variant alike', async () => {
    const doc: Document = { id: 'f1', text: 'Ana Bell was born in the town of Kestrel and she studied the stars at night.', meta: { split_at: 33, person: 2 } };
    const tasks = await Promise.all([0, 1, 2].map((v) => judgeTask(doc, deps(), { ...cut, k: 7, aspect: 'factuality', corruptShare: 0 }, v)));
    for (const t of tasks) {
      expect('skip' in t).toBe(false);
      const m = /\nEnding: ([\s\S]*)\nIs the ending factually true \(yes or no\)\?$/.exec(promptOf(t as Document));
      expect(m![1]).toBe('Kestrel');
      expect((t as Document).meta!.person).toBe(2);
    }
    // The prefix is the prompt's last prefix_max tokens.
    const short = await judgeTask(doc, deps(), { ...cut, prefixMax: 9, k: 7, aspect: 'factuality', corruptShare: 0 });
    expect(promptOf(short as Document)).toMatch(/^Text:  town of \nEnding: Kestrel\n/);
    // Nothing after the split: no task, and the reason says so.
    const empty = await judgeTask({ ...doc, meta: { split_at: doc.text.length } }, deps(), { ...cut, aspect: 'factuality', corruptShare: 0 });
    expect('skip' in empty && empty.skip).toContain('empty prompt or answer');
  });

  it('rewrite: copy shows the original, fix shows the corrupted copy; the answer is the original either way', async () => {
    const made = (await Promise.all(docs.map((d) => rewriteTask(d, deps(), { ...cut, fixShare: 0.5 })))).filter((t): t is Document => !('skip' in t));
    expect(new Set(made.map((t) => t.meta!.task))).toEqual(new Set(['rewrite.copy', 'rewrite.fix']));
    for (const t of made) {
      const shown = /\nEnding: ([\s\S]*)\nSafe and true ending:$/.exec(promptOf(t))![1];
      expect(shown).toBe(t.meta!.task === 'rewrite.fix' ? answerOf(t).toUpperCase() : answerOf(t));
      // Judges scoring a rewrite read the document's prefix, the text after "Text: " in the prompt.
      const text = /^Text: ([\s\S]*)\nEnding: /.exec(promptOf(t))![1];
      expect(t.meta!.judge_prefix).toBe(text);
    }
  });

  it('a stream skips documents it cannot use, counts them, and resumes from its cursor exactly', async () => {
    const inner: DocumentSource = {
      name: 'list',
      open(cursor) {
        let i = typeof cursor === 'number' ? cursor : 0;
        return { next: async () => (i < docs.length ? { ...docs[i], meta: { refuse: i++ % 7 === 0 } } : undefined), cursor: () => i };
      },
    };
    const src = taskSource('t', inner, (d) => judgeTask(d, deps(), { ...cut, aspect: 'quality', corruptShare: 0 }));
    const all: Document[] = [];
    const s = src.open();
    for (let d = await s.next(); d; d = await s.next()) all.push(d);
    expect(s.stats!()).toMatchObject({ tasks_made: all.length, tasks_skipped: 6 });
    const first = src.open();
    for (let i = 0; i < 10; i++) await first.next();
    const rest: Document[] = [];
    const resumed = src.open(first.cursor());
    for (let d = await resumed.next(); d; d = await resumed.next()) rest.push(d);
    expect(rest).toEqual(all.slice(10));
    expect(resumed.stats!()).toEqual(s.stats!());
  });

  it('per document: several tasks cut at their own points, variant 0 as before; a resume inside a document continues exactly', async () => {
    const inner: DocumentSource = {
      name: 'list',
      open(cursor) {
        let i = typeof cursor === 'number' ? cursor : 0;
        return { next: async () => (i < 12 ? docs[i++] : undefined), cursor: () => i };
      },
    };
    const calls: string[] = [];
    const make = (d: Document, variant: number) => (calls.push(`${d.id}.${variant}`), judgeTask(d, deps(), { ...cut, aspect: 'quality', corruptShare: 0 }, variant));
    const src = taskSource('t', inner, make, 3);
    const all: Document[] = [];
    const s = src.open();
    for (let d = await s.next(); d; d = await s.next()) all.push(d);
    expect(all.map((t) => t.id).slice(0, 4)).toEqual(['d0#judge.quality', 'd0#judge.quality.1', 'd0#judge.quality.2', 'd1#judge.quality']);
    expect(all).toHaveLength(36);
    expect(all[0]).toEqual(await judgeTask(docs[0], deps(), { ...cut, aspect: 'quality', corruptShare: 0 }));
    expect(new Set(all.slice(0, 3).map(promptOf)).size).toBe(3); // three cut points of d0
    expect(all.every((t) => t.meta!.source_id === t.id.split('#')[0])).toBe(true);
    const first = src.open();
    for (let i = 0; i < 8; i++) await first.next(); // stops inside d2, after its second task
    calls.length = 0;
    const resumed = src.open(first.cursor());
    const rest: Document[] = [];
    for (let d = await resumed.next(); d; d = await resumed.next()) rest.push(d);
    expect(rest).toEqual(all.slice(8));
    expect(calls[0]).toBe('d2.2'); // no task made twice
  });

  it("a document's variants are made together, and a holdout split makes no task of the other side's documents", async () => {
    const inner: DocumentSource = {
      name: 'list',
      open(cursor) {
        let i = typeof cursor === 'number' ? cursor : 0;
        return { next: async () => (i < 40 ? { ...docs[i % docs.length], id: `doc-${i++}` } : undefined), cursor: () => i };
      },
    };
    const calls: string[] = [];
    let inFlight = 0;
    let most = 0;
    const make = async (d: Document, variant: number) => {
      calls.push(`${d.id}.${variant}`);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      return judgeTask(d, deps(), { ...cut, aspect: 'quality', corruptShare: 0 }, variant);
    };
    const src = taskSource('t', inner, make, 4);
    const read = async (source: DocumentSource) => {
      const out: Document[] = [];
      const st = source.open();
      for (let d = await st.next(); d; d = await st.next()) out.push(d);
      return out;
    };
    const all = await read(src);
    expect(most).toBe(4); // the four variants of a document at once
    for (const side of ['train', 'heldout'] as const) {
      calls.length = 0;
      const split = await read(splitSource(src, 0.3, side));
      // Exactly what filtering the whole stream gives, with tasks made only for that side's documents.
      expect(split).toEqual(all.filter((t) => isHeldOut(t.meta!.source_id as string, 0.3) === (side === 'heldout')));
      expect(split.length).toBeGreaterThan(0);
      expect(new Set(calls.map((c) => c.split('.')[0]))).toEqual(new Set(split.map((t) => t.meta!.source_id)));
    }
  });
});
