import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import type { Tokenizer } from '@spt/core';
import { SptError } from '@spt/core';

/** A loaded Hugging Face tokenizer plus the JSON it came from (written again on export). */
export interface HfTokenizerHandle extends Tokenizer {
  readonly json: Record<string, unknown>;
  readonly config: Record<string, unknown>;
}

const EOS_NAMES = ['<|endoftext|>', '</s>', '<|end_of_text|>', '<eos>', '<|eot_id|>'];

/**
 * Loads a tokenizer.json (and the tokenizer_config.json beside it, when present) with
 * @huggingface/tokenizers. No special tokens are added on encode: the core frames documents.
 */
export function loadHfTokenizer(file: string): HfTokenizerHandle {
  if (!existsSync(file)) {
    throw new SptError({
      code: 'backend.tokenizer',
      what: `tokenizer file ${file} does not exist`,
      expected: "'bytes' or the path of a Hugging Face tokenizer.json",
      got: file,
      fix: 'correct the `tokenizer` option of tfjs.gpt',
    });
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new SptError({ code: 'backend.tokenizer', what: `tokenizer file ${file} is not valid JSON`, fix: 'point `tokenizer` at a tokenizer.json written by Hugging Face tokenizers', cause });
  }
  const configFile = path.join(path.dirname(file), 'tokenizer_config.json');
  const config = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>) : {};
  let tok: HfTokenizer;
  try {
    tok = new HfTokenizer(json, config);
  } catch (cause) {
    throw new SptError({ code: 'backend.tokenizer', what: `cannot build a tokenizer from ${file}: ${(cause as Error).message}`, fix: 'use a tokenizer.json that @huggingface/tokenizers supports', cause });
  }
  const vocabSize = Math.max(...tok.get_vocab(true).values()) + 1;
  const configEos = typeof config.eos_token === 'string' ? config.eos_token : (config.eos_token as { content?: string } | undefined)?.content;
  const eos = [configEos, ...EOS_NAMES].map((t) => (t ? tok.token_to_id(t) : undefined)).find((id) => id !== undefined);
  return {
    name: `hf:${path.basename(path.dirname(path.resolve(file)))}`,
    vocabSize,
    eos,
    json,
    config,
    encode: (text) => tok.encode(text, { add_special_tokens: false }).ids,
    decode: (ids) => tok.decode([...ids].filter((id) => id !== eos), { skip_special_tokens: true }),
  };
}
