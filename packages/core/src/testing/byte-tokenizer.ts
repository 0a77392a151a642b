import type { Tokenizer } from '../spec/tokenizer';

/**
 * UTF-8 bytes as tokens (ids 0..255) plus an end-of-document token 256 (vocabSize 257).
 * Decoding drops EOS and replaces invalid byte sequences with U+FFFD.
 */
export function createByteTokenizer(): Tokenizer {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  return {
    name: 'bytes',
    vocabSize: 257,
    eos: 256,
    encode: (text) => [...encoder.encode(text)],
    decode: (ids) => decoder.decode(Uint8Array.from(ids.filter((i) => i >= 0 && i < 256))),
  };
}
