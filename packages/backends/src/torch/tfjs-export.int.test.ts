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
import { torchHfOptions } from './options';
import { torchHfPlugin } from './plugins';
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
});
