import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTfjsGptBackend } from './engine';
import { tfjsGptOptions } from './options';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'spt-tfjs-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const probe = { prompts: [[72, 105, 32], [1, 2, 3, 4]], continuations: [[116, 104, 101], [256, 9]] };

describe('tfjs.gpt { init: <Hugging Face Llama folder> }', () => {
  it('an export loads back with the same log-probs and architecture, tied and untied heads', async () => {
    for (const tied of [true, false]) {
      const a = await createTfjsGptBackend(tfjsGptOptions.parse({ layers: 2, d_model: 32, heads: 4, context: 64, tied_head: tied, ffn_dim: 96 }), { seed: 3 });
      await a.update({ kind: 'ntp', sequences: [[72, 105, 32, 116, 104, 101, 114, 101]] }, { lr: 1e-2, step: 0 });
      const want = await a.logprobs(probe);
      const dir = path.join(tmp, tied ? 'tied' : 'untied');
      await a.export(dir, 'hf-safetensors');
      await a.dispose();
      const logs: string[] = [];
      // The recipe's own shape options differ: the folder's config.json wins, and the log says so.
      const b = await createTfjsGptBackend(tfjsGptOptions.parse({ layers: 4, d_model: 128, heads: 4, init: dir }), { seed: 9, log: (m) => logs.push(m) });
      try {
        expect(b.capabilities.maxContext).toBe(64);
        expect(b.tokenizer.vocabSize).toBe(257);
        const got = await b.logprobs(probe);
        const worst = Math.max(...got.flat().map((x, i) => Math.abs(x - want.flat()[i])));
        expect(worst).toBeLessThan(1e-5);
        expect(logs.join('\n')).toMatch(/architecture options come from its config.json \(.*layers, d_model/);
      } finally {
        await b.dispose();
      }
    }
  });

  it('names what it cannot import: grouped-query attention, non-float32 weights, sharded weights', async () => {
    const dir = path.join(tmp, 'tied');
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    const variant = (name: string, patch: Record<string, unknown>, weights?: Buffer | null) => {
      const d = path.join(tmp, name);
      rmSync(d, { recursive: true, force: true });
      mkdirSync(d, { recursive: true });
      writeFileSync(path.join(d, 'config.json'), JSON.stringify({ ...config, ...patch }));
      writeFileSync(path.join(d, 'tokenizer.json'), readFileSync(path.join(dir, 'tokenizer.json')));
      if (weights !== null) writeFileSync(path.join(d, 'model.safetensors'), weights ?? readFileSync(path.join(dir, 'model.safetensors')));
      return d;
    };
    const make = (init: string) => createTfjsGptBackend(tfjsGptOptions.parse({ init }), { seed: 1 });
    await expect(make(variant('gqa', { num_key_value_heads: 2 }))).rejects.toThrow(/grouped-query attention[\s\S]*fix: use torch.hf/);
    const bf16 = readFileSync(path.join(dir, 'model.safetensors'));
    const text = bf16.toString('latin1').replace(/"F32"/, '"BF16"');
    await expect(make(variant('bf16', {}, Buffer.from(text, 'latin1')))).rejects.toThrow(/weights that are not float32[\s\S]*model.float\(\).save_pretrained/);
    const sharded = variant('sharded', {}, null);
    writeFileSync(path.join(sharded, 'model.safetensors.index.json'), '{}');
    await expect(make(sharded)).rejects.toThrow(/sharded weights/);
    await expect(make(variant('gpt2', { model_type: 'gpt2' }))).rejects.toThrow(/only the Llama architecture is supported/);
  });
});
