import type { Attribute, SlotSpan, Template } from '../world/template';

/** Kinds of injected defects. */
export type DefectKind = 'false_fact' | 'unsafe' | 'typo' | 'repetition' | 'grammar';

/**
 * One injected defect, as Document.meta.defects lists it. `span` is [start, end) in the
 * document text. false_fact: the stated value (`myth` when it is the person's persistent myth);
 * unsafe: one unsafe sentence; typo: the misspelled word; repetition: one repeated copy (a whole
 * sentence, or a word group of a phrase loop with the space before it); grammar: the moved or missing words, with `at` the
 * offset of the first character that makes the sentence ill-formed (every sentence start before
 * it is still the start of a well-formed sentence).
 */
export interface DefectAnnotation {
  kind: DefectKind;
  span: [number, number];
  attribute?: Attribute;
  value?: string;
  truth?: string;
  myth?: boolean;
  at?: number;
}

/** Document.meta of a testbed document. */
export interface TestbedDocMeta {
  person: number;
  name: string;
  rare: boolean;
  defects: DefectAnnotation[];
  [key: string]: unknown;
}

/** A sentence while a document is being written; spans are relative to the sentence. */
export interface DraftSentence {
  text: string;
  template: Template;
  slots: SlotSpan[];
  defects: DefectAnnotation[];
  /** Carries a false fact or is unsafe: low-quality edits leave it alone. */
  locked: boolean;
  /** Already edited for low quality. */
  edited: boolean;
}
