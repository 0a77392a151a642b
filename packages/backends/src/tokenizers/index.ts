import type { Tokenizer } from '@spt/core';
import { createByteTokenizer } from './byte-tokenizer';
import { loadHfTokenizer } from './hf-tokenizer';

export { createByteTokenizer, BYTE_EOS } from './byte-tokenizer';
export { loadHfTokenizer, type HfTokenizerHandle } from './hf-tokenizer';
export { byteLevelTokenizerJson, byteLevelTokenizerConfig, byteToUnicode, BYTE_EOS_TEXT } from './byte-level-json';

/** 'bytes' gives the byte tokenizer; anything else is read as the path of a tokenizer.json. */
export function resolveTokenizer(spec: string): Tokenizer {
  return spec === 'bytes' ? createByteTokenizer() : loadHfTokenizer(spec);
}
