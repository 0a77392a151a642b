import type { ScheduleSpec } from '@spt/core';
import { didYouMean } from '@spt/core';
import type { Atom, ValueNode } from '../ast/ast';
import { describeAtoms } from './describe';
import type { Lowering } from './lowering';
import { checkFinite } from './read-value';

/** The written forms of schedules, for messages and docs. */
export const SCHEDULE_FORMS: Readonly<Record<string, string>> = {
  constant: 'constant(<value>)  or just <value>',
  linear: 'linear(<from> -> <to>, steps <start>..<end>)',
  cosine: 'cosine(<from> -> <to>, steps <start>..<end>)',
  step: 'step(<first>, <value> from <step>, <value> from <step>, ...)',
};

type Call = Extract<Atom, { kind: 'call' }>;

/**
 * A schedule of the step: `0.5`, `constant(0.5)`, `linear(0 -> 1, steps 0..300)`,
 * `cosine(1.2 -> 0.8, steps 0..600)`, `step(1, 0.5 from 200, 0 from 400)`.
 * Shape errors are reported here; ordering and coverage are checked on the RunConfig.
 */
export function lowerSchedule(lo: Lowering, value: ValueNode, path: string, key: string): ScheduleSpec | undefined {
  const atom = value.atoms.length === 1 ? value.atoms[0] : undefined;
  if (atom?.kind === 'number') return checkFinite(lo, atom, path) ? { kind: 'constant', value: atom.value } : undefined;
  if (atom?.kind !== 'call') {
    lo.error('schedule.form', `"${key}" must be a number or a schedule, got ${describeAtoms(value.atoms)}`, value.range, {
      expected: Object.values(SCHEDULE_FORMS).join(' | '),
      fix: `write e.g. ${key}: linear(0 -> 1, steps 0..100)`,
      path,
    });
    return undefined;
  }
  const fn = atom.fn.text;
  if (!(fn in SCHEDULE_FORMS)) {
    lo.error('schedule.unknown', `unknown schedule "${fn}"`, atom.fn.range, {
      expected: `one of: ${Object.keys(SCHEDULE_FORMS).join(', ')}`,
      fix: didYouMean(fn, Object.keys(SCHEDULE_FORMS)) || `use ${SCHEDULE_FORMS.linear}`,
      path,
    });
    return undefined;
  }
  const spec = fn === 'constant' ? constant(atom) : fn === 'step' ? step(atom) : ramp(atom, fn as 'linear' | 'cosine');
  if (spec === 'overflow') {
    lo.error('value.number', 'a number in this schedule is too large', atom.range, { expected: 'finite numbers', fix: 'use smaller numbers', path });
    return undefined;
  }
  if (!spec) {
    lo.error('schedule.form', `malformed ${fn}(...) schedule`, atom.range, {
      expected: SCHEDULE_FORMS[fn],
      fix: `write it as ${SCHEDULE_FORMS[fn]}`,
      path,
    });
  }
  return spec;
}

type Result = ScheduleSpec | undefined | 'overflow';

function num(a: Atom | undefined): number | undefined {
  return a?.kind === 'number' ? a.value : undefined;
}

function finite(spec: ScheduleSpec): Result {
  const values = Object.values(spec).flat().filter((v): v is number => typeof v === 'number');
  return values.every((v) => Number.isFinite(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) ? spec : 'overflow';
}

function constant(call: Call): Result {
  const [arg] = call.args;
  const value = call.args.length === 1 && arg.atoms.length === 1 ? num(arg.atoms[0]) : undefined;
  return value === undefined ? undefined : finite({ kind: 'constant', value });
}

/** `linear(a -> b, steps s..e)`; the word `steps` is optional. */
function ramp(call: Call, kind: 'linear' | 'cosine'): Result {
  if (call.args.length !== 2) return undefined;
  const [values, steps] = call.args;
  const [from, arrow, to] = values.atoms;
  if (values.atoms.length !== 3 || arrow.kind !== 'arrow') return undefined;
  const span = steps.atoms.length === 2 && steps.atoms[0].kind === 'word' && steps.atoms[0].text === 'steps' ? steps.atoms[1] : steps.atoms.length === 1 ? steps.atoms[0] : undefined;
  if (num(from) === undefined || num(to) === undefined || span?.kind !== 'range') return undefined;
  return finite({ kind, from: num(from)!, to: num(to)!, start: span.from.value, end: span.to.value });
}

/** `step(v0, v1 from s1, v2 from s2)`: v0 until s1, v1 from s1, ... */
function step(call: Call): Result {
  const [first, ...rest] = call.args;
  if (!first || first.atoms.length !== 1 || num(first.atoms[0]) === undefined) return undefined;
  const values = [num(first.atoms[0])!];
  const boundaries: number[] = [];
  for (const arg of rest) {
    const [v, word, at] = arg.atoms;
    if (arg.atoms.length !== 3 || num(v) === undefined || word.kind !== 'word' || word.text !== 'from' || num(at) === undefined) {
      return undefined;
    }
    values.push(num(v)!);
    boundaries.push(num(at)!);
  }
  return finite({ kind: 'step', values, boundaries });
}
