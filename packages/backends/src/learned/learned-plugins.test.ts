/**
 * Judges and a rewriter that run a trained tfjs.gpt checkpoint in process, for real: a tiny model is
 * trained (NTP) to give one answer to the task prompts, saved, and loaded through the registry.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPluginContext, createRegistry, pairPrompt, pointPrompt, rewritePrompt, SptError, taskText, type PairwiseJudge, type PointwiseJudge, type Rewriter } from '@spt/core';
import backends from '../index';
import { tfjsGptOptions } from '../tfjs/options';
import { tfjsGptPlugin } from '../tfjs/plugins';

const registry = createRegistry([backends]);
const ctx = () => createPluginContext({ registry, seed: 1, log: () => {}, warn: () => {} });

/** A checkpoint trained on `texts` for `steps` NTP steps (0: an untrained model). */
async function checkpoint(texts: string[], steps: number): Promise<string> {
  const b = await tfjsGptPlugin.create(tfjsGptOptions.parse({ layers: 1, d_model: 32, heads: 4, context: 128, threads: 1 }), { seed: 5, log: () => {} } as never);
  for (let i = 0; i < steps; i++) await b.update({ kind: 'ntp', sequences: texts.map((t) => b.tokenizer.encode(t)) }, { lr: 0.01, step: i });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-learned-'));
  await b.save(dir);
  await b.dispose();
  return dir;
}

describe('learned judges and rewriter (a trained checkpoint, in process)', () => {
  it('answer what they were trained to answer, in batches, with the prefix cut to fit the context', async () => {
    const prefix = 'Ana was born in Lodo. She';
    const pair = taskText(pairPrompt(prefix, ' ran.', ' sat.'), 'B').text;
    const point = taskText(pointPrompt('safety', prefix, ' ran.'), 'no').text;
    const copy = taskText(rewritePrompt(prefix, ' ran.'), ' ran.').text;
    const dir = await checkpoint([pair, point, copy], 150);
    const c = ctx();
    const quality = await registry.create<PairwiseJudge>('judge', { plugin: 'learned.quality', options: { checkpoint: dir } }, c);
    const safety = await registry.create<PointwiseJudge>('judge', { plugin: 'learned.safety', options: { checkpoint: dir } }, c);
    const rewriter = await registry.create<Rewriter>('rewriter', { plugin: 'learned.rewriter', options: { checkpoint: dir } }, c);
    const call = { seed: 0, sample: 0 };
    // Concurrent calls (one batched generation); a very long prefix is cut from its start to fit 128 positions.
    const [a, b, long] = await Promise.all([
      quality.compare({ prefix, first: ' ran.', second: ' sat.' }, call),
      quality.compare({ prefix, first: ' ran.', second: ' sat.' }, call),
      quality.compare({ prefix: `${'x'.repeat(400)} ${prefix}`, first: ' ran.', second: ' sat.' }, call),
    ]);
    expect(a).toMatchObject({ ok: true, winner: 'second' });
    expect(b).toEqual(a);
    expect(long.ok).toBe(true);
    expect(await safety.judge({ prefix, candidate: ' ran.' }, call)).toMatchObject({ ok: true, score: 0 });
    expect(await rewriter.rewrite({ prefix, suffix: ' ran.', k: 4 }, call)).toMatchObject({ ok: true, text: ' ran.' });
    await Promise.all([quality.close?.(), safety.close?.(), rewriter.close?.()]);
  }, 120_000);

  it("a pointwise judge shows the judge line's reference (`reference: original`) as tasks.judge { reference: true } did", async () => {
    const prefix = 'Ana was born in Lodo. She';
    // Trained: the same ending is "yes" under its reference and "no" under another.
    const dir = await checkpoint([taskText(pointPrompt('factuality', prefix, ' ran.', ' ran.'), 'yes').text, taskText(pointPrompt('factuality', prefix, ' ran.', ' sat.'), 'no').text], 150);
    const factuality = await registry.create<PointwiseJudge>('judge', { plugin: 'learned.factuality', options: { checkpoint: dir } }, ctx());
    const call = { seed: 0, sample: 0 };
    expect(await factuality.judge({ prefix, candidate: ' ran.', reference: ' ran.' }, call)).toMatchObject({ ok: true, score: 1 });
    expect(await factuality.judge({ prefix, candidate: ' ran.', reference: ' sat.' }, call)).toMatchObject({ ok: true, score: 0 });
    await factuality.close?.();
  }, 120_000);

  it('an untrained model abstains (never a crash); a missing checkpoint is a clear error at creation', async () => {
    const dir = await checkpoint([], 0);
    const c = ctx();
    const quality = await registry.create<PairwiseJudge>('judge', { plugin: 'learned.quality', options: { checkpoint: dir } }, c);
    const verdicts = await Promise.all(['a', 'b', 'c'].map((p) => quality.compare({ prefix: p, first: ' x', second: ' y' }, { seed: 0, sample: 0 })));
    for (const v of verdicts) {
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.reason).toContain('neither A nor B');
    }
    await quality.close?.();
    const err = await registry.create('judge', { plugin: 'learned.safety', options: { checkpoint: path.join(dir, 'nope') } }, c).catch((e) => e);
    expect(SptError.is(err, 'config.learned-checkpoint')).toBe(true);
    expect(err.message).toContain('spt run examples/train-judge.spt');
  }, 120_000);

  it("learned.continue: the checkpoint's own continuation of the prefix, K tokens, the same for the same seed in any batch", async () => {
    const text = 'Ana was born in Lodo. She ran to the sea every day.';
    const dir = await checkpoint([text], 150);
    const c = ctx();
    const greedy = await registry.create<Rewriter>('rewriter', { plugin: 'learned.continue', options: { checkpoint: dir, temperature: 0 } }, c);
    const sampled = await registry.create<Rewriter>('rewriter', { plugin: 'learned.continue', options: { checkpoint: dir, temperature: 1.5 } }, c);
    // Greedy: the text it was trained on (the suffix is never read).
    const prefix = 'Ana was born in Lodo.';
    const g = await greedy.rewrite({ prefix, suffix: 'ignored', k: 12 }, { seed: 0, sample: 0 });
    expect(g).toMatchObject({ ok: true, text: text.slice(prefix.length, prefix.length + 12) });
    // Sampled: seeded per call, independent of what else is in the batch.
    const input = { prefix: 'x', suffix: '', k: 16 };
    const alone = await sampled.rewrite(input, { seed: 11, sample: 0 });
    const [inBatch, other] = await Promise.all([sampled.rewrite(input, { seed: 11, sample: 0 }), sampled.rewrite(input, { seed: 12, sample: 0 })]);
    expect(alone.ok && inBatch.ok && other.ok).toBe(true);
    expect(inBatch).toEqual(alone);
    if (alone.ok && other.ok) expect(other.text).not.toBe(alone.text);
    // A K that cannot fit the context is a refusal, not a crash.
    expect(await greedy.rewrite({ prefix, suffix: '', k: 500 }, { seed: 0, sample: 0 })).toMatchObject({ ok: false });
    await Promise.all([greedy.close?.(), sampled.close?.()]);
  }, 120_000);
});
