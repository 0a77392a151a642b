import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SptError } from '@spt/core';
import { BYTE_EOS, byteLevelTokenizerConfig, byteLevelTokenizerJson, createByteTokenizer, loadHfTokenizer, resolveTokenizer } from './index';

const text = 'Ada Lovelace, née Byron — 1815 ✓\n\ttabs';

describe('byte tokenizer', () => {
  it('round-trips UTF-8 and drops EOS on decode', () => {
    const tok = createByteTokenizer();
    const ids = tok.encode(text);
    expect(ids.every((i) => i >= 0 && i < 256)).toBe(true);
    expect(tok.decode([...ids, BYTE_EOS])).toBe(text);
    expect(tok.vocabSize).toBe(257);
  });
});

describe('byte-level tokenizer.json', () => {
  it('loads in @huggingface/tokenizers and encodes exactly like the byte tokenizer', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spt-tok-'));
    writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(byteLevelTokenizerJson()));
    writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(byteLevelTokenizerConfig(256)));
    const hf = loadHfTokenizer(path.join(dir, 'tokenizer.json'));
    const bytes = createByteTokenizer();
    expect(hf.encode(text)).toEqual(bytes.encode(text));
    expect(hf.decode([...bytes.encode(text), BYTE_EOS])).toBe(text);
    expect(hf.vocabSize).toBe(257);
    expect(hf.eos).toBe(BYTE_EOS);
    expect(resolveTokenizer(path.join(dir, 'tokenizer.json')).encode('hi')).toEqual([104, 105]);
  });

  it('names a missing tokenizer file', () => {
    expect(() => resolveTokenizer('/nope/tokenizer.json')).toThrow(SptError);
    expect(() => resolveTokenizer('/nope/tokenizer.json')).toThrow(/tokenizer file \/nope\/tokenizer.json does not exist/);
  });
});
