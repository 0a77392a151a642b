import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKEND_SPEC_VERSION, SptError, type UpdateBatch } from '@spt/core';
import { byteLevelTokenizerJson } from '../tokenizers/index';
import { createTfjsGptBackend, type TfjsGptBackend } from './engine';
import { openTfjsCheckpoint } from './open-checkpoint';
import { dpoBatchLoss } from './losses';
import { type TfjsGptOptionsInput, tfjsGptOptions } from './options';
import { tf } from './runtime/tf';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'spt-tfjs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tiny = (over: TfjsGptOptionsInput = {}) =>
  createTfjsGptBackend(tfjsGptOptions.parse({ layers: 2, d_model: 16, heads: 2, context: 64, micro_batch: 2, ...over }), { seed: 5 });
const enc = (b: TfjsGptBackend, s: string) => b.tokenizer.encode(s);
const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);

function batches(b: TfjsGptBackend): UpdateBatch[] {
  return [
    { kind: 'ntp', sequences: [enc(b, 'the cat sat on the mat'), enc(b, 'a dog'), enc(b, 'birds fly south in winter')] },
    { kind: 'dpo', beta: 0.2, nllAlpha: 0.1, pairs: [
      { prompt: enc(b, 'Ada was born in '), chosen: enc(b, '1815.'), rejected: enc(b, 'the moon') },
      { prompt: enc(b, 'Paris is in '), chosen: enc(b, 'France'), rejected: enc(b, 'x') },
      { prompt: [], chosen: enc(b, 'hello'), rejected: enc(b, 'goodbye!!') },
    ] },
    { kind: 'nll', examples: [{ prompt: enc(b, 'Q: 2+2? A: '), target: enc(b, '4'), weight: 1 }, { prompt: enc(b, 'x'), target: enc(b, 'yz'), weight: 0.5 }] },
  ];
}

describe('tfjs.gpt backend', () => {
  it('implements spt.backend/1 on the native TensorFlow backend', async () => {
    const b = await tiny();
    expect(b.specVersion).toBe(BACKEND_SPEC_VERSION);
    expect(tf.getBackend()).toBe('tensorflow');
    expect(b.capabilities).toMatchObject({ updates: ['ntp', 'nll', 'dpo', 'grpo'], dpoAnchor: true, maxContext: 64, exportFormats: ['hf-safetensors'], worldSize: 1 });
    await b.dispose();
  });

  it('reports the DPO loss computed by hand from logprobs of the policy and the frozen reference', async () => {
    const b = await tiny();
    const [, dpo] = batches(b);
    if (dpo.kind !== 'dpo') throw new Error('unreachable');
    const seqLogps = async () => {
      const lp = await b.logprobs({ prompts: dpo.pairs.flatMap((p) => [p.prompt, p.prompt]), continuations: dpo.pairs.flatMap((p) => [p.chosen, p.rejected]) });
      return lp.map(sum);
    };
    const ref = await seqLogps();
    await b.update(batches(b)[0], { lr: 0.02, step: 0 }); // move the policy away from the reference
    const pol = await seqLogps();
    const want = dpoBatchLoss(dpo.beta, dpo.nllAlpha, dpo.pairs.map((p, i) => ({ pc: pol[2 * i], pr: pol[2 * i + 1], rc: ref[2 * i], rr: ref[2 * i + 1], chosenTokens: p.chosen.length })));
    const stats = await b.update(dpo, { lr: 0.02, step: 1 });
    expect(Math.abs(stats.loss - want)).toBeLessThan(1e-5);
    expect(stats.metrics.ref_chosen_logp).toBeCloseTo((ref[0] + ref[2] + ref[4]) / 3, 4);
    expect(stats.metrics.chosen_logp).toBeCloseTo((pol[0] + pol[2] + pol[4]) / 3, 4);
    // after syncReference the margin is zero: loss = log 2 (+ the NLL term)
    await b.syncReference();
    const now = await seqLogps();
    const synced = await b.update({ ...dpo, nllAlpha: 0 }, { lr: 0.02, step: 2 });
    expect(synced.loss).toBeCloseTo(Math.LN2, 5);
    expect(now.length).toBe(6);
    await b.dispose();
  });

  it('keeps tf.memory().numTensors flat over 100 steps of train + sample', async () => {
    const b = await tiny();
    const work = batches(b);
    let at10 = 0;
    for (let i = 0; i < 100; i++) {
      await b.update(work[i % 3], { lr: 1e-3, step: i });
      await b.generate({ prompts: [enc(b, 'ab'), enc(b, 'hello')], maxNewTokens: 3, temperature: 1, topP: 0.9, seeds: [i, i + 1] });
      await b.logprobs({ prompts: [enc(b, 'a')], continuations: [enc(b, 'bc')] });
      if (i === 9) at10 = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(at10);
    await b.dispose();
  });

  it('save -> load -> continue reproduces an uninterrupted run exactly (weights, AdamW moments, reference, dropout rng)', async () => {
    const a = await tiny({ dropout: 0.1 });
    const work = batches(a);
    for (let i = 0; i < 3; i++) await a.update(work[i], { lr: 0.01, step: i });
    const dir = path.join(tmp, 'ckpt');
    await a.save(dir);
    const cont: number[] = [];
    for (let i = 3; i < 7; i++) cont.push((await a.update(work[i % 3], { lr: 0.01, step: i })).loss);
    const b = await tiny({ dropout: 0.1, seed: 99 }); // different init: everything must come from the checkpoint
    await b.load(dir);
    const resumed: number[] = [];
    for (let i = 3; i < 7; i++) resumed.push((await b.update(work[i % 3], { lr: 0.01, step: i })).loss);
    expect(resumed).toEqual(cont);
    const req = { prompts: [enc(a, 'The ')], maxNewTokens: 8, temperature: 1, topP: 1, seeds: [3] };
    expect((await b.generate(req)).tokens).toEqual((await a.generate(req)).tokens);
    await a.dispose();
    await b.dispose();
  });

  it('accumulates micro-batch gradients to the same step as one big batch', async () => {
    const one = await tiny({ micro_batch: 16 });
    const many = await tiny({ micro_batch: 1 });
    for (const [i, batch] of batches(one).entries()) {
      const a = await one.update(batch, { lr: 0.01, step: i });
      const b = await many.update(batch, { lr: 0.01, step: i });
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-5);
      expect(Math.abs((a.gradNorm as number) - (b.gradNorm as number))).toBeLessThan(1e-4);
    }
    const probe = { prompts: [enc(one, 'The cat')], continuations: [enc(one, ' sat')] };
    const [x, y] = [(await one.logprobs(probe))[0], (await many.logprobs(probe))[0]];
    x.forEach((v, i) => expect(Math.abs(v - y[i])).toBeLessThan(1e-4));
    await one.dispose();
    await many.dispose();
  });

  it("applies the recipe's train settings passed in UpdateOptions (weight_decay, grad_clip, micro_batch) over its own", async () => {
    const logp = async (b: TfjsGptBackend) => sum((await b.logprobs({ prompts: [enc(b, 'the ')], continuations: [enc(b, 'cat sat')] }))[0]);
    const [own, decayed, same] = [await tiny(), await tiny(), await tiny()];
    const batch = batches(own)[0];
    const s1 = await own.update(batch, { lr: 1e-2, step: 1 });
    await decayed.update(batch, { lr: 1e-2, step: 1, weightDecay: 50 });
    const s3 = await same.update(batch, { lr: 1e-2, step: 1, gradClip: 1, weightDecay: 0.1, microBatch: 3 });
    // Heavy decay shrinks every matrix: the model's log-probabilities move far from the default run.
    expect(Math.abs((await logp(decayed)) - (await logp(own)))).toBeGreaterThan(0.1);
    // Passing the backend's own values explicitly (micro-batch size aside, which only splits the work) changes nothing.
    expect(await logp(same)).toBeCloseTo(await logp(own), 4);
    expect(s3.loss).toBeCloseTo(s1.loss, 5);
    // The override lasts one update: the next update without it is back on the backend's options.
    await decayed.update(batch, { lr: 0, step: 2, gradClip: 1e-3 });
    expect((decayed as unknown as { optimizer: { settings: { gradClip: number; weightDecay: number } } }).optimizer.settings).toMatchObject({ gradClip: 1e-3, weightDecay: 0.1 });
    for (const b of [own, decayed, same]) await b.dispose();
  });

  it('starts from a saved policy with the init option', async () => {
    const a = await tiny();
    await a.update(batches(a)[0], { lr: 0.02, step: 0 });
    const dir = path.join(tmp, 'init');
    await a.save(dir);
    const b = await tiny({ init: dir, seed: 77 });
    const probe = { prompts: [enc(a, 'Ada ')], continuations: [enc(a, 'was')] };
    expect(await b.logprobs(probe)).toEqual(await a.logprobs(probe));
    expect(b.optimizer.t).toBe(0); // a fresh optimizer: init takes weights, not training state
    await a.dispose();
    await b.dispose();
  });

  it('trains, saves and reopens with a Hugging Face BPE tokenizer.json', async () => {
    const json = byteLevelTokenizerJson() as { model: { vocab: Record<string, number>; merges: string[] } };
    json.model.vocab.th = 257;
    json.model.vocab.the = 258;
    json.model.merges = ['t h', 'th e'];
    const file = path.join(tmp, 'bpe', 'tokenizer.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(json));
    const b = await tiny({ tokenizer: file });
    expect(b.tokenizer.vocabSize).toBe(259);
    expect(b.tokenizer.encode('the cat')).toEqual([258, 32, 99, 97, 116]);
    await b.update({ kind: 'ntp', sequences: [b.tokenizer.encode('the theme of the thesis')] }, { lr: 0.01, step: 0 });
    await b.save(path.join(tmp, 'bpe-save'));
    rmSync(file); // the save carries its own copy of the tokenizer
    const again = await openTfjsCheckpoint(path.join(tmp, 'bpe-save'));
    expect(again.tokenizer.encode('the cat')).toEqual([258, 32, 99, 97, 116]);
    const probe = { prompts: [b.tokenizer.encode('the')], continuations: [b.tokenizer.encode(' thesis')] };
    expect(await again.logprobs(probe)).toEqual(await b.logprobs(probe));
    await again.dispose();
    await b.dispose();
  });

  it('refuses corrupt or partial checkpoints with a clear error', async () => {
    const a = await tiny();
    const dir = path.join(tmp, 'corrupt');
    await a.save(dir);
    const file = path.join(dir, 'optimizer.safetensors');
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from([0])]));
    await expect(a.load(dir)).rejects.toThrow(/optimizer.safetensors does not match its checksum/);
    rmSync(path.join(dir, 'state.json'));
    await expect(a.load(dir)).rejects.toSatisfy((e: unknown) => SptError.is(e, 'checkpoint.missing'));
    await a.dispose();
  });

  it('samples deterministically per sequence seed, with exactly K tokens or a stop at EOS', async () => {
    const b = await tiny();
    const p = enc(b, 'Once upon');
    const alone = await b.generate({ prompts: [p], maxNewTokens: 12, temperature: 1, topP: 0.95, seeds: [42] });
    const batched = await b.generate({ prompts: [enc(b, 'x'), p, enc(b, 'a much longer prompt here')], maxNewTokens: 12, temperature: 1, topP: 0.95, seeds: [1, 42, 2] });
    expect(batched.tokens[1]).toEqual(alone.tokens[0]);
    expect(batched.tokens.map((t) => t.length)).toEqual([12, 12, 12]);
    expect(batched.tokens[0]).not.toEqual(batched.tokens[1]);
    // train the model to emit EOS right away, then stopAtEos returns nothing after it
    const eos = b.tokenizer.eos as number;
    for (let i = 0; i < 40; i++) await b.update({ kind: 'ntp', sequences: [[...p, eos]] }, { lr: 0.05, step: i });
    const stopped = await b.generate({ prompts: [p], maxNewTokens: 5, temperature: 0, topP: 1, seeds: [0], stopAtEos: true });
    expect(stopped.tokens[0]).toEqual([]);
    await b.dispose();
  });

  it('names the problem when a request exceeds the context', async () => {
    const b = await tiny();
    const err = await b.generate({ prompts: [new Array(60).fill(1)], maxNewTokens: 8, temperature: 1, topP: 1, seeds: [0] }).catch((e) => e);
    expect(SptError.is(err, 'backend.context')).toBe(true);
    expect(err.message).toContain("generate prompt 0 spans 68 tokens, which need 67 positions, more than the model's context");
    // context 64: 65 tokens need 64 positions and fit (the last token is only predicted); 66 do not
    expect((await b.logprobs({ prompts: [[1, 2]], continuations: [new Array(63).fill(3)] }))[0]).toHaveLength(63);
    expect((await b.generate({ prompts: [new Array(57).fill(1)], maxNewTokens: 8, temperature: 1, topP: 1, seeds: [0] })).tokens[0]).toHaveLength(8);
    const logp = await b.logprobs({ prompts: [[1, 2]], continuations: [new Array(64).fill(3)] }).catch((e) => e);
    expect(SptError.is(logp, 'backend.context')).toBe(true);
    expect(logp.expected).toBe('at most 64 positions (65 tokens: the last token is only predicted)');
    // a 1-token NTP sequence has nothing to predict: refused (the contract's NtpBatch rule); empty batches are skipped, not NaN
    expect(SptError.is(await b.update({ kind: 'ntp', sequences: [[5]] }, { lr: 0.1, step: 0 }).catch((e) => e), 'backend.request')).toBe(true);
    expect(await b.update({ kind: 'ntp', sequences: [] }, { lr: 0.1, step: 0 })).toMatchObject({ loss: 0, tokens: 0, metrics: { skipped: 1 } });
    expect(await b.update({ kind: 'dpo', pairs: [], beta: 0.1, nllAlpha: 0 }, { lr: 0.1, step: 0 })).toMatchObject({ tokens: 0, metrics: { skipped: 1 } });
    expect(b.optimizer.t).toBe(0);
    // empty continuations are legal: no tokens, zero log-prob sum
    expect(await b.logprobs({ prompts: [[1, 2]], continuations: [[]] })).toEqual([[]]);
    const empty = await b.update({ kind: 'dpo', pairs: [{ prompt: [1, 2], chosen: [], rejected: [3] }], beta: 0.1, nllAlpha: 0.5 }, { lr: 0.01, step: 0 });
    expect(Number.isFinite(empty.loss)).toBe(true);
    await b.dispose();
  });
});
