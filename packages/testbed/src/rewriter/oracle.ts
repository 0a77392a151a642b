import { createRng } from '@spt/core';
import { analyze, type Analysis, type SentenceReport } from '../analyze/analyze';
import { completions } from '../analyze/complete';
import { bioMatch } from '../analyze/bio-match';
import { prefixInfo } from '../analyze/prefix-info';
import { splitSentences } from '../analyze/text';
import type { Attribute } from '../world/template';
import type { Person, World } from '../world/types';
import { freshSentence } from './fresh-sentence';

export type OracleResult = { ok: true; text: string; changed: boolean } | { ok: false; reason: string };

const BAD = new Set(['false', 'garbled', 'unverifiable']);

function badClaimsIn(a: Analysis, s: SentenceReport) {
  return a.claims.filter((c) => c.start + a.prefixLength >= s.start && c.end + a.prefixLength <= s.end && BAD.has(c.status));
}

/** Nothing to fix: no defective sentence, no wrong claim, nothing unsafe. */
export function isClean(a: Analysis): boolean {
  return a.defects === 0 && !a.unsafe && a.claims.every((c) => !BAD.has(c.status));
}

function attributeOf(world: World, body: string): Attribute | undefined {
  return bioMatch(world, body, true)?.template.attribute;
}

/**
 * The oracle rewrite of a suffix. A clean suffix comes back byte for byte. Otherwise each
 * sentence the suffix writes is kept if sound, a wrong value is set to the truth, and anything
 * else (unsafe, ill-formed, misspelled, repeated, about someone else) is replaced by a new true
 * sentence about the person; a sentence the prefix began is completed truthfully (or closed at
 * once if the prefix had already broken it: the prefix is never changed). The result is padded
 * with new sentences or cut to the suffix's length, then checked by the judges' own analysis.
 */
export function oracleRewrite(world: World, input: { prefix: string; suffix: string; person?: number }, seed: number): OracleResult {
  const { prefix, suffix } = input;
  const a = analyze(world, { prefix, candidate: suffix, person: input.person });
  if (isClean(a)) return { ok: true, text: suffix, changed: false };
  if (a.person === undefined) return { ok: false, reason: 'cannot tell whose biography this is (no person in meta or prefix)' };
  const person: Person = world.people[a.person];
  const rng = createRng(seed);
  const P = prefix.length;
  const joined = prefix + suffix;
  const info = prefixInfo(world, prefix, a.person);
  const avoid = new Set([...info.earlier, ...a.sentences.filter((s) => s.complete).map((s) => s.body)]);
  const stated = new Set<Attribute>([...info.stated, ...a.sentences.map((s) => attributeOf(world, s.body)).filter((x): x is Attribute => !!x)]);
  const earlier = new Set(info.earlier);
  let out = '';
  /** Appends `text`, which finishes the sentence `body`. */
  const write = (text: string, body: string) => {
    out += text;
    avoid.add(body);
    earlier.add(body);
  };
  for (const s of a.sentences) {
    const bad = badClaimsIn(a, s);
    if (s.defects.length === 0 && bad.length === 0) {
      out += joined.slice(Math.max(s.start, P), s.end);
      if (s.complete) earlier.add(s.body);
      continue;
    }
    if (s.straddles) {
      const tail = joined.slice(s.bodyStart, P);
      const options = s.excused ? [] : info.tailCompletions(person);
      // Prefer a completion no other sentence has; a forced repeat (all repeat) is not held against it.
      const pick = options.find((c) => !avoid.has(c)) ?? options.find((c) => !earlier.has(c)) ?? options[0];
      if (pick) write(pick.slice(tail.length), pick);
      else out += '.';
      continue;
    }
    const bodyStart = s.bodyStart;
    const lead = joined.slice(Math.max(s.start, P), bodyStart);
    let fixed: string | undefined;
    if (s.defects.length === 0 && s.complete) {
      fixed = s.body;
      for (const c of [...bad].sort((x, y) => y.start - x.start)) {
        const at = c.start + P - bodyStart;
        fixed = fixed.slice(0, at) + person.facts[c.attribute] + fixed.slice(at + c.value.length);
      }
      if (earlier.has(fixed)) fixed = undefined;
    }
    const body = fixed ?? freshSentence(person, avoid, stated, rng).body;
    const attribute = attributeOf(world, body);
    if (attribute) stated.add(attribute);
    write(lead + body, body);
  }
  while (out.length < suffix.length) {
    const last = splitSentences(prefix + out).at(-1);
    if (last && !last.complete && last.body.length > 0) {
      const pick = completions(world, person, last.body).find((c) => !avoid.has(c));
      if (pick) write(pick.slice(last.body.length), pick);
      else if (last.bodyStart >= P) out = out.slice(0, last.bodyStart - P);
      else out += '.';
      if (pick || last.bodyStart < P) continue;
    }
    const needsSpace = (prefix + out).length > 0 && !(prefix + out).endsWith(' ');
    const next = freshSentence(person, avoid, stated, rng);
    if (next.attribute) stated.add(next.attribute);
    write((needsSpace ? ' ' : '') + next.body, next.body);
  }
  const text = out.slice(0, suffix.length);
  const check = analyze(world, { prefix, candidate: text, person: a.person });
  if (!isClean(check)) {
    return { ok: false, reason: `oracle rewrite ${JSON.stringify(text)} still has defects: ${JSON.stringify(check.counts)}, claims ${check.claims.map((c) => c.status).join(',')}` };
  }
  return { ok: true, text, changed: text !== suffix };
}
