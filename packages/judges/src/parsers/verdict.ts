import { findJsonObjects, pick } from './json-objects';

/** A parsed verdict, or why there is none. */
export type Parsed<V> = { ok: true; value: V } | { ok: false; reason: string };

/** How to read one kind of verdict from a model's answer. */
export interface VerdictSpec<V> {
  /** Names used in messages (`quality verdict`). */
  name: string;
  /** JSON keys that may hold the verdict, and how to read their value. */
  jsonKeys: readonly string[];
  fromJson(value: unknown): V | undefined;
  /** A global regex for the text form; its first group is the verdict. */
  textPattern: RegExp;
  fromText(group: string): V | undefined;
  /** What the model should have written, for the abstention reason. */
  expected: string;
}

/**
 * Reads the LAST verdict in an answer, whether written as text (`Conclusion: Option 2`) or as a
 * JSON object. Text verdicts that sit inside a JSON object (e.g. quoted in its reasoning) do not
 * count; the object's own verdict field does, at the object's end.
 */
export function parseLastVerdict<V>(answer: string, spec: VerdictSpec<V>): Parsed<V> {
  let best: { value: V; at: number } | undefined;
  const objects = findJsonObjects(answer);
  for (const o of objects) {
    const raw = pick(o.value, spec.jsonKeys);
    const value = raw === undefined ? undefined : spec.fromJson(raw);
    if (value !== undefined && (!best || o.end >= best.at)) best = { value, at: o.end };
  }
  const inObject = (i: number) => objects.some((o) => i >= o.start && i < o.end);
  for (const m of answer.matchAll(spec.textPattern)) {
    if (m.index === undefined || inObject(m.index)) continue;
    const value = spec.fromText(m[1]);
    const at = m.index + m[0].length;
    if (value !== undefined && (!best || at >= best.at)) best = { value, at };
  }
  if (best) return { ok: true, value: best.value };
  return { ok: false, reason: answer.trim() === '' ? `empty answer (expected ${spec.expected})` : `no ${spec.name} found (expected ${spec.expected})` };
}

/** Lower-cases and strips markdown, quotes and punctuation around a verdict word. */
export function bare(text: string): string {
  return text.toLowerCase().replace(/[*_`"'.,:;!()[\]#]/g, ' ').replace(/\s+/g, ' ').trim();
}
