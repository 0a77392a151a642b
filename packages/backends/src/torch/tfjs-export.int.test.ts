/**
 * Interoperability: a model trained and exported by the TF.js backend (Hugging Face Llama folder)
 * loads in the torch backend (`torch.hf`) with the same tokenizer and the same probabilities.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyBackend } from '@spt/core';
import { tfjsGptOptions } from '../tfjs/options';
import { tfjsGptPlugin } from '../tfjs/plugins';
import { torchHfOptions, torchLlamaOptions } from './options';
import { torchHfPlugin, torchLlamaPlugin } from './plugins';
import { requirePython, skipPython, testContext } from './test-worker.test-util';

const probe = { prompts: [[72, 105, 32, 116], [1, 2, 3], [200, 201]], continuations: [[104, 101, 114, 101], [4, 5], [256]] };

describe.skipIf(skipPython)('a tfjs.gpt export in torch.hf', () => {
  // Untied: the export's lm_head layout is checked too (tied heads: tests/test_resume.py in the worker).
  it('same tokenizer, same log-probabilities', async () => {
    const tied = false;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-tfjs-to-torch-'));
    const tf = (await tfjsGptPlugin.create(tfjsGptOptions.parse({ layers: 2, d_model: 32, heads: 4, context: 64, tied_head: tied, threads: 1 }), testContext() as never)) as PolicyBackend;
    let want: number[][];
    try {
      await tf.update({ kind: 'ntp', sequences: [[72, 105, 32, 116, 104, 101, 114, 101, 256]] }, { lr: 1e-2, step: 0 });
      want = await tf.logprobs(probe);
      await tf.export(dir, 'hf-safetensors');
    } finally {
      await tf.dispose();
    }
    const torch = (await torchHfPlugin.create(torchHfOptions.parse({ model: dir, python: requirePython(), device: 'cpu', threads: 1 }), testContext() as never)) as PolicyBackend;
    try {
      expect(torch.tokenizer.encode('Ada, née ✓')).toEqual([...Buffer.from('Ada, née ✓')]);
      expect(torch.tokenizer.eos).toBe(256);
      expect(torch.capabilities.maxContext).toBe(64);
      const got = await torch.logprobs(probe);
      expect(got.map((r) => r.length)).toEqual(want.map((r) => r.length));
      const worst = Math.max(...got.flat().map((x, i) => Math.abs(x - want.flat()[i])));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await torch.dispose();
    }
  }, 300_000);

  // The same weights in both backends: one update of each objective reports the same loss (lr 0 keeps
  // the weights, so every batch is measured at the same point). NTP is scored as sent on both
  // (every token but the first; no framing of the backend's own).
  // The reference is the exported policy in both (a KL of 0 here; each backend's KL term is checked
  // against the formula with a reference that differs from the policy in its own tests).
  it('the same loss for ntp, nll, dpo (with an anchor) and grpo (old log-probs, clip) on the same batch', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-tfjs-to-torch-loss-'));
    const options = tfjsGptOptions.parse({ layers: 2, d_model: 32, heads: 4, context: 64, tied_head: false, threads: 1 });
    const tf = (await tfjsGptPlugin.create(options, testContext() as never)) as PolicyBackend;
    const p = [72, 105, 32, 116];
    const c = [[104, 101, 114, 101], [119, 97, 115]];
    const old = [[-5.2, -5.9, -5.1, -5.6], [-5.5, -5.3, -5.8]];
    const batches = [
      { kind: 'ntp' as const, sequences: [[256, 72, 105, 32, 116, 104], [40, 41, 42]] },
      { kind: 'nll' as const, examples: [{ prompt: p, target: c[0], weight: 1 }, { prompt: [1, 2], target: c[1], weight: 0.5 }] },
      { kind: 'dpo' as const, pairs: [{ prompt: p, chosen: c[0], rejected: c[1] }], beta: 0.1, nllAlpha: 0.2, anchor: { sequences: [[5, 6, 7, 8, 9], [30, 31, 32]], alpha: 0.5 } },
      { kind: 'grpo' as const, samples: c.map((completion, i) => ({ prompt: p, completion, advantage: i ? -0.8 : 1.1, oldLogprobs: old[i] })), clip: 0.2, klBeta: 0.1, normalize: 'sequence' as const, constantTokens: 4 },
    ];
    const losses = async (b: PolicyBackend) => {
      const out: number[] = [];
      for (const batch of batches) out.push((await b.update(batch, { lr: 0, step: 1 })).loss);
      return out;
    };
    let want: number[];
    try {
      // Train a little (away from the fresh init), then make this the reference, as torch.hf's is what it loads.
      await tf.update({ kind: 'ntp', sequences: [[72, 105, 32, 116, 104, 101, 114, 101, 256]] }, { lr: 1e-2, step: 0 });
      await tf.syncReference();
      await tf.export(dir, 'hf-safetensors');
      want = await losses(tf);
    } finally {
      await tf.dispose();
    }
    const torch = (await torchHfPlugin.create(torchHfOptions.parse({ model: dir, python: requirePython(), device: 'cpu', threads: 1 }), testContext() as never)) as PolicyBackend;
    try {
      expect(torch.capabilities.updates).toEqual(expect.arrayContaining(['grpo']));
      expect(torch.capabilities.dpoAnchor).toBe(true);
      const got = await losses(torch);
      got.forEach((x, i) => expect(Math.abs(x - want[i]), `${batches[i].kind}: torch ${x} vs tfjs ${want[i]}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(want[i]))));
    } finally {
      await torch.dispose();
    }
  }, 300_000);

  // The other direction: a model the torch backend trained and exported starts a tfjs.gpt run.
  it('a torch.llama export in tfjs.gpt { init }: same log-probabilities', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-torch-to-tfjs-'));
    const torch = (await torchLlamaPlugin.create(torchLlamaOptions.parse({ layers: 2, d_model: 32, heads: 4, context: 64, tied_head: false, python: requirePython(), device: 'cpu', threads: 1 }), testContext() as never)) as PolicyBackend;
    let want: number[][];
    try {
      await torch.update({ kind: 'nll', examples: [{ prompt: [72, 105], target: [32, 116, 104, 101], weight: 1 }] }, { lr: 1e-2, step: 0 });
      want = await torch.logprobs(probe);
      await torch.export(dir, 'hf-safetensors');
    } finally {
      await torch.dispose();
    }
    const tf = (await tfjsGptPlugin.create(tfjsGptOptions.parse({ init: dir, threads: 1 }), testContext() as never)) as PolicyBackend;
    try {
      const got = await tf.logprobs(probe);
      const worst = Math.max(...got.flat().map((x, i) => Math.abs(x - want.flat()[i])));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await tf.dispose();
    }
  }, 300_000);
});
