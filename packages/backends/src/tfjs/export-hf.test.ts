import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTfjsGptBackend } from './engine';
import { transposeColumns } from './export-hf';
import { forwardLogits } from './model/forward';
import { tfjsGptOptions } from './options';
import { tf } from './runtime/tf';
import { requirePython, skipPython } from '../torch/test-worker.test-util';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'spt-tfjs-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


const PY = `
import json, sys, torch
from transformers import AutoModelForCausalLM, AutoTokenizer
text, out = sys.argv[1], []
for folder in sys.argv[2:]:
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    ids = tok(text, add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0]
    out.append({"ids": ids, "logits": logits.tolist(), "decoded": tok.decode(ids + [tok.eos_token_id], skip_special_tokens=True), "arch": type(model).__name__})
print(json.dumps(out))
`;

interface PyResult {
  ids: number[];
  logits: number[][];
  decoded: string;
  arch: string;
}

describe('export to a Hugging Face Llama folder', () => {
  it('transposes column blocks into [out, in] matrices', () => {
    const m = { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
    expect(transposeColumns(m, 1, 3)).toEqual({ shape: [2, 2], data: Float32Array.from([2, 5, 3, 6]) });
  });

  // The venv is made by the test command's `node scripts/setup-python.mjs`, not inside a test.
  it.skipIf(skipPython)('loads in transformers with the same logits within 1e-4 (tied and untied heads, trained)', async () => {
    const text = 'Ada Lovelace wrote the first program — née Byron.';
    const folders: string[] = [];
    const ours: number[][][] = [];
    const tokens: number[][] = [];
    for (const tied of [true, false]) {
      const b = await createTfjsGptBackend(tfjsGptOptions.parse({ layers: 2, d_model: 32, heads: 2, context: 64, tied_head: tied }), { seed: 11 });
      for (let i = 0; i < 5; i++) await b.update({ kind: 'ntp', sequences: [b.tokenizer.encode(text)] }, { lr: 0.01, step: i });
      const dir = path.join(tmp, tied ? 'tied' : 'untied');
      await b.export(dir, 'hf-safetensors');
      const ids = b.tokenizer.encode(text);
      tokens.push(ids);
      ours.push((tf.tidy(() => forwardLogits(b.model, b.params, tf.tensor2d([ids], [1, ids.length], 'int32')).arraySync()) as number[][][])[0]);
      folders.push(dir);
      const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
      expect(config).toMatchObject({ model_type: 'llama', tie_word_embeddings: tied, vocab_size: 257, eos_token_id: 256 });
      await b.dispose();
    }
    const script = path.join(tmp, 'check.py');
    writeFileSync(script, PY);
    const env = { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_VERBOSITY: 'error' };
    const results = JSON.parse(execFileSync(requirePython(), [script, text, ...folders], { encoding: 'utf8', env }).trim().split('\n').pop() as string) as PyResult[];
    results.forEach((res, m) => {
      expect(res.arch).toBe('LlamaForCausalLM');
      expect(res.ids).toEqual(tokens[m]);
      expect(res.decoded).toBe(text);
      let worst = 0;
      ours[m].forEach((row, t) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - res.logits[t][j])))));
      expect(worst, folders[m]).toBeLessThan(1e-4);
    });
  });
});
