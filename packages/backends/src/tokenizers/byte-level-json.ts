/**
 * A Hugging Face tokenizer.json for the byte tokenizer: a byte-level BPE with no merges whose
 * 256 base tokens are the bytes in order (id = byte value) plus `<|endoftext|>` = 256. Both
 * `transformers` and llama.cpp's GGUF converters represent this (a GPT-2 style BPE vocabulary).
 */

/** GPT-2's reversible byte -> printable character table: byteToChar[b] is the token text of byte b. */
export function byteToUnicode(): string[] {
  const direct: number[] = [];
  for (let b = 33; b <= 126; b++) direct.push(b);
  for (let b = 161; b <= 172; b++) direct.push(b);
  for (let b = 174; b <= 255; b++) direct.push(b);
  const table: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = direct.includes(b) ? String.fromCodePoint(b) : String.fromCodePoint(256 + extra++);
  }
  return table;
}

export const BYTE_EOS_TEXT = '<|endoftext|>';

/** The tokenizer.json object (serialize with JSON.stringify). */
export function byteLevelTokenizerJson(): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  byteToUnicode().forEach((ch, b) => {
    vocab[ch] = b;
  });
  vocab[BYTE_EOS_TEXT] = 256;
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      { id: 256, content: BYTE_EOS_TEXT, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: { ...byteLevel },
    decoder: { ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: [],
    },
  };
}

/** tokenizer_config.json that goes beside it. */
export function byteLevelTokenizerConfig(maxLength: number): Record<string, unknown> {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: null,
    eos_token: BYTE_EOS_TEXT,
    pad_token: BYTE_EOS_TEXT,
    unk_token: null,
    add_bos_token: false,
    add_eos_token: false,
    clean_up_tokenization_spaces: false,
    model_max_length: maxLength,
  };
}
