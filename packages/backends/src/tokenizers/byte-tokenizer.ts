import type { Tokenizer } from '@spt/core';

/** Id of the end-of-document token of the byte tokenizer (after the 256 byte ids). */
export const BYTE_EOS = 256;

/**
 * Byte-level tokenizer: token i < 256 is the byte i of the UTF-8 text, 256 is end-of-document.
 * Decoding drops EOS and replaces invalid UTF-8 (e.g. a sample cut inside a character) with U+FFFD.
 */
export function createByteTokenizer(): Tokenizer {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return {
    name: 'bytes',
    vocabSize: 257,
    eos: BYTE_EOS,
    encode: (text) => Array.from(encoder.encode(text)),
    decode: (ids) => decoder.decode(Uint8Array.from(ids.filter((id) => id >= 0 && id < 256))),
  };
}
