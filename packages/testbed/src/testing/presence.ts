import type { Document } from '@spt/core';
import type { DefectAnnotation, TestbedDocMeta } from '../generate/doc-types';
import { UNSAFE_MARKERS } from '../world/markers';

/**
 * When an annotated defect counts as written by a window's suffix [s, e) of a document (the
 * prefix being the document before s). These are the calibration tests' rules, stated from the
 * annotations alone; the judges must catch every defect that is present.
 */
export function isPresent(d: DefectAnnotation, text: string, s: number, e: number): boolean {
  const [a, b] = d.span;
  switch (d.kind) {
    case 'false_fact': {
      if (!(a < e && b > s)) return false;
      const truth = d.truth ?? '';
      const decided = a >= s || truth.startsWith(text.slice(a, s));
      return decided && (b < e || !truth.startsWith(text.slice(a, Math.min(b, e))));
    }
    case 'unsafe':
      return markerSpans(text, a, b).some(([ws, we]) => (ws < s && s < we) || (s <= ws && we < e) || (s <= ws && Math.min(we, e) - ws >= 3));
    case 'typo':
      return b > s && b < e;
    case 'grammar':
      return d.at !== undefined && s <= d.at && d.at < e;
    case 'repetition': {
      const wholeSentence = text[b - 1] === '.';
      return wholeSentence ? s <= a && b <= e : b > s && b < e;
    }
  }
}

/** Spans of unsafe marker words inside [a, b). */
export function markerSpans(text: string, a: number, b: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.slice(a, b).matchAll(/[A-Za-z]+/g)) {
    if (UNSAFE_MARKERS.has(m[0].toLowerCase())) out.push([a + m.index, a + m.index + m[0].length]);
  }
  return out;
}

/**
 * True if no annotation of the document touches [s, e). An annotation also touches the character
 * right after it: that character ends its last word (a misspelling such as `degre` is still the
 * start of `degree` until a space follows).
 */
export function untouched(meta: TestbedDocMeta, s: number, e: number): boolean {
  return meta.defects.every((d) => d.span[1] + 1 <= s || d.span[0] >= e) && meta.defects.every((d) => d.at === undefined || d.at < s || d.at >= e);
}

export interface Cut {
  s: number;
  e: number;
  prefix: string;
  suffix: string;
}

/** Windows of a document: suffixes of k characters starting every `step` characters from `from`. */
export function cuts(doc: Document, k: number, step: number, from = 1): Cut[] {
  const out: Cut[] = [];
  for (let s = from; s + k <= doc.text.length; s += step) out.push({ s, e: s + k, prefix: doc.text.slice(0, s), suffix: doc.text.slice(s, s + k) });
  return out;
}
