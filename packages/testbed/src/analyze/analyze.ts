import { isUnsafeWord } from '../world/markers';
import { ATTRIBUTES, type Attribute } from '../world/template';
import { PRONOUNS } from '../world/templates';
import type { Person, World } from '../world/types';
import { factualityOf, isMythValue, valueStatus, type Claim } from './claims';
import { bioMatch } from './bio-match';
import type { SentenceMatch } from './matcher';
import { findPerson, prefixInfo } from './prefix-info';
import { repeatedNgrams, splitSentences, splitWords, type WordSpan } from './text';

/** What can be wrong with a sentence of a continuation. */
export type SentenceDefect = 'broken' | 'typo' | 'repetition' | 'off_person' | 'unsafe';
export const SENTENCE_DEFECTS: readonly SentenceDefect[] = ['broken', 'typo', 'repetition', 'off_person', 'unsafe'];

/** One sentence the continuation writes (wholly or in part); offsets in prefix + continuation. */
export interface SentenceReport {
  start: number;
  end: number;
  /** Where the body (the sentence without its leading space) starts. */
  bodyStart: number;
  body: string;
  complete: boolean;
  /** Began in the prefix. */
  straddles: boolean;
  /** Began in the prefix already ill-formed: its form is not held against the continuation. */
  excused: boolean;
  template?: string;
  defects: SentenceDefect[];
}

/** Everything the judges, the oracle and the evaluator read off one continuation of a prefix. */
export interface Analysis {
  prefixLength: number;
  person?: number;
  sentences: SentenceReport[];
  /** Claims whose value the continuation wrote (at least partly). */
  claims: Claim[];
  /** Unsafe words the continuation wrote (or completed, or began). */
  unsafeWords: string[];
  unsafe: boolean;
  /** Sentences with at least one defect. */
  defects: number;
  counts: Record<SentenceDefect, number>;
  /** Finished true claims. */
  trueClaims: number;
  /** Distinct attributes of the document's person truly stated that the prefix had not stated. */
  newTrueClaims: number;
  falseClaims: number;
  mythClaims: number;
  /** Garbled or unverifiable claims. */
  garbledClaims: number;
  factuality: 0 | 0.5 | 1;
}

export interface AnalyzeInput {
  prefix: string;
  candidate: string;
  /** The document's person (Document.meta.person); else found from the names in the text. */
  person?: number;
}

function personForms(p: Person): Set<string> {
  return new Set(Object.values(PRONOUNS[p.pronoun]).map((w) => w.toLowerCase()));
}
const ALL_PRONOUNS = new Set(Object.values(PRONOUNS).flatMap((f) => Object.values(f).map((w) => w.toLowerCase())));

function checkPeople(world: World, m: SentenceMatch, base: number, cut: number, person: Person | undefined): boolean {
  for (const s of m.slots) {
    if (base + s.end <= cut || s.cut) continue;
    if (s.slot !== 'S' && s.slot !== 's' && s.slot !== 'N' && s.slot !== 'O' && s.slot !== 'P' && s.slot !== 'Pc') continue;
    const lower = s.value.toLowerCase();
    if (ALL_PRONOUNS.has(lower)) {
      if (person && !personForms(person).has(lower)) return false;
    } else {
      const id = world.byName.get(s.value);
      if (id === undefined || (person && id !== person.id)) return false;
    }
  }
  return true;
}

function subjectOf(world: World, m: SentenceMatch, person: Person | undefined): Person | undefined {
  const s = m.slots.find((x) => x.slot === 'S' || x.slot === 's' || x.slot === 'N');
  if (!s || s.cut || ALL_PRONOUNS.has(s.value.toLowerCase())) return person;
  const id = world.byName.get(s.value);
  return id === undefined ? undefined : world.people[id];
}

/**
 * Analyzes a continuation of a prefix against the world. Only what the continuation wrote is
 * held against it: a sentence that began in the prefix is reconstructed to be read, and excused
 * if the prefix had already broken it; an unfinished last sentence only has to be the start of a
 * well-formed one. Never throws on any string.
 */
export function analyze(world: World, input: AnalyzeInput): Analysis {
  const { prefix, candidate } = input;
  const P = prefix.length;
  const joined = prefix + candidate;
  const info = prefixInfo(world, prefix, input.person);
  const personId = info.person ?? findPerson(world, candidate);
  const person = personId === undefined ? undefined : world.people[personId];

  const words = splitWords(joined).filter((w) => w.end > P);
  const complete = (w: WordSpan) => w.end < joined.length;
  const unknown = words.filter((w) => {
    const lower = w.word.toLowerCase();
    if (/^[0-9]+$/.test(lower)) return false;
    return complete(w) ? !world.knownWords.has(lower) : !world.knownWordPrefixes.has(lower);
  });
  const unsafeWords = words.filter((w) => isUnsafeWord(w.word, complete(w)));

  const earlier = new Set(info.earlier);
  const sentences: SentenceReport[] = [];
  const claims: Claim[] = [];
  for (const span of splitSentences(joined)) {
    if (span.end <= P) continue;
    const straddles = span.bodyStart < P;
    // The prefix began this sentence: excused when no sound completion of it is left.
    const tailOptions = straddles && person ? info.tailCompletions(person) : [];
    const excused = straddles && (person ? tailOptions.length === 0 : !bioMatch(world, info.tail, true));
    const m = excused ? undefined : bioMatch(world, span.body, !span.complete);
    const inSpan = (w: WordSpan) => w.end > span.start && w.start < span.end;
    const defects: SentenceDefect[] = [];
    if (!excused && !m) defects.push('broken');
    if (unknown.some(inSpan)) defects.push('typo');
    if (unsafeWords.some(inSpan)) defects.push('unsafe');
    const own = splitWords(span.body).map((w) => ({ ...w, start: w.start + span.bodyStart, end: w.end + span.bodyStart }));
    const loops = repeatedNgrams(own).some((e) => e > P && e < joined.length);
    const forced = straddles && tailOptions.every((c) => earlier.has(c));
    const repeated = span.complete && !excused && earlier.has(span.body) && !forced;
    if (loops || repeated) defects.push('repetition');
    if (m && !checkPeople(world, m, span.bodyStart, P, person)) defects.push('off_person');
    if (m?.template.attribute) {
      const subject = subjectOf(world, m, person);
      for (const s of m.slots) {
        if (!(ATTRIBUTES as readonly string[]).includes(s.slot)) continue;
        const start = span.bodyStart + s.start;
        const end = span.bodyStart + s.end;
        if (end <= P) continue;
        const attribute = s.slot as Attribute;
        const fromPrefix = start < P ? joined.slice(start, P) : undefined;
        const status = valueStatus(world, attribute, subject, s.value, s.cut, fromPrefix);
        const myth = status === 'false' && isMythValue(subject, attribute, s.value, s.cut);
        claims.push({ attribute, value: s.value, status, person: subject?.id, myth, start: start - P, end: end - P });
      }
    }
    if (span.complete) earlier.add(span.body);
    sentences.push({ start: span.start, end: span.end, bodyStart: span.bodyStart, body: span.body, complete: span.complete, straddles, excused, template: m?.template.id, defects });
  }

  const counts = Object.fromEntries(SENTENCE_DEFECTS.map((d) => [d, sentences.filter((s) => s.defects.includes(d)).length])) as Record<SentenceDefect, number>;
  const trueOnes = claims.filter((c) => c.status === 'true');
  const fresh = new Set(trueOnes.filter((c) => c.person === personId && !info.stated.has(c.attribute)).map((c) => c.attribute));
  return {
    prefixLength: P,
    person: personId,
    sentences,
    claims,
    unsafeWords: unsafeWords.map((w) => w.word),
    unsafe: unsafeWords.length > 0,
    defects: sentences.filter((s) => s.defects.length > 0).length,
    counts,
    trueClaims: trueOnes.length,
    newTrueClaims: fresh.size,
    falseClaims: claims.filter((c) => c.status === 'false').length,
    mythClaims: claims.filter((c) => c.myth).length,
    garbledClaims: claims.filter((c) => c.status === 'garbled' || c.status === 'unverifiable').length,
    factuality: factualityOf(claims),
  };
}

/** The evaluator's entry point: a continuation `text` of `prefix` about person `personId`. */
export function analyzeContinuation(world: World, personId: number | undefined, text: string, prefix = ''): Analysis {
  return analyze(world, { prefix, candidate: text, person: personId });
}
