import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_SPEC_VERSION, type DpoBatch, type PolicyBackend } from '@spt/core';
import { torchHfOptions } from './options';
import { torchHfPlugin, torchLlamaPlugin } from './plugins';
import { requirePython, skipPython, testContext, tinyOptions } from './test-worker.test-util';
import type { TorchBackend } from './torch-backend';

const prompts = [[72, 105, 32], [1, 2, 3, 4, 5, 6, 7], [200]];
const seeds = [11, 22, 33];
const dpo: DpoBatch = {
  kind: 'dpo',
  beta: 0.1,
  nllAlpha: 0,
  pairs: [
    { prompt: [65, 66, 67], chosen: [68, 69, 70, 71], rejected: [90, 91, 92, 93] },
    { prompt: [10, 11], chosen: [12, 13], rejected: [14, 15, 16] },
  ],
};

describe.skipIf(skipPython)('torch.llama backend (real worker, tiny model)', () => {
  let backend: TorchBackend;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spt-torch-backend-'));
  beforeAll(async () => {
    backend = (await torchLlamaPlugin.create(tinyOptions(), testContext() as never)) as TorchBackend;
  }, 300_000);
  afterAll(async () => {
    await backend?.dispose();
  });

  it('implements spt.backend/1 with the byte tokenizer shared with tfjs.gpt', () => {
    expect(backend.specVersion).toBe(BACKEND_SPEC_VERSION);
    expect(backend.name).toBe('torch.llama');
    expect(backend.capabilities).toEqual({
      updates: ['ntp', 'nll', 'dpo', 'grpo'], dpoAnchor: true, maxContext: 64, device: 'cpu', exportFormats: ['hf-safetensors'], deterministic: true, worldSize: 1,
    });
    expect(backend.tokenizer.vocabSize).toBe(257);
    expect(backend.tokenizer.eos).toBe(256);
    expect(backend.tokenizer.decode(backend.tokenizer.encode('née ✓'))).toBe('née ✓');
  });

  it('generates exactly K tokens per prompt, the same for the same seeds, whatever the batch', async () => {
    const req = { prompts, maxNewTokens: 9, temperature: 1, topP: 0.95, seeds };
    const a = await backend.generate(req);
    expect(a.tokens.map((t) => t.length)).toEqual([9, 9, 9]);
    expect((await backend.generate(req)).tokens).toEqual(a.tokens);
    const alone = await backend.generate({ ...req, prompts: [prompts[1]], seeds: [seeds[1]] });
    expect(alone.tokens[0]).toEqual(a.tokens[1]);
  });

  it('scores continuations with one log-probability per token', async () => {
    const lps = await backend.logprobs({ prompts, continuations: [[1, 2], [3], []] });
    expect(lps.map((r) => r.length)).toEqual([2, 1, 0]);
    expect(lps.flat().every((x) => x < 0 && x > -20)).toBe(true);
  });

  it('trains: DPO starts at log 2, the margin grows, syncReference resets it', async () => {
    const first = await backend.update(dpo, { lr: 0.01, step: 0 });
    expect(first.metrics.dpo_loss).toBeCloseTo(Math.log(2), 6);
    let last = first;
    for (let i = 1; i < 6; i++) last = await backend.update(dpo, { lr: 0.01, step: i });
    expect(last.metrics.dpo_margin).toBeGreaterThan(0);
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.tokens).toBe(13);
    await backend.syncReference();
    expect((await backend.update(dpo, { lr: 0, step: 6 })).metrics.dpo_margin).toBe(0);
    const nll = await backend.update({ kind: 'nll', examples: [{ prompt: [1, 2], target: [3, 4, 5], weight: 1 }] }, { lr: 0.001, step: 7 });
    expect(nll.tokens).toBe(3);
    expect(nll.gradNorm).toBeGreaterThan(0);
  });

  it('saves and loads for an exact resume, and exports a folder torch.hf loads', async () => {
    const probe = { prompts, continuations: [[5, 6, 7], [8], [9, 10]] };
    await backend.save(path.join(tmp, 'ckpt'));
    const before = await backend.logprobs(probe);
    const after1 = await backend.update(dpo, { lr: 0.01, step: 8 });
    await backend.load(path.join(tmp, 'ckpt'));
    expect(await backend.logprobs(probe)).toEqual(before);
    const after2 = await backend.update(dpo, { lr: 0.01, step: 8 });
    expect(after2).toEqual(after1);

    await backend.export(path.join(tmp, 'export'), 'hf-safetensors');
    const opts = torchHfOptions.parse({ model: path.join(tmp, 'export'), python: requirePython(), device: 'cpu', threads: 1 });
    const hf: PolicyBackend = (await torchHfPlugin.create(opts, testContext() as never)) as PolicyBackend;
    try {
      expect(hf.tokenizer.encode('Ada 1815')).toEqual(backend.tokenizer.encode('Ada 1815'));
      expect(hf.tokenizer.eos).toBe(256);
      const mine = await backend.logprobs(probe);
      const theirs = await hf.logprobs(probe);
      theirs.flat().forEach((x, i) => expect(x).toBeCloseTo(mine.flat()[i], 5));
    } finally {
      await hf.dispose();
    }
  }, 300_000);
});
