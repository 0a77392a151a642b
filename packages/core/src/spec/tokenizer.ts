/** Text <-> token ids. Backends own their tokenizer; the windower cuts on its tokens. */
export interface Tokenizer {
  readonly name: string;
  readonly vocabSize: number;
  /** End-of-document token id, if the vocabulary has one. */
  readonly eos?: number;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}
