import type { Atom, ValueNode } from '../ast/ast';
import type { Range } from '../diagnostics/diagnostic';
import { describeAtoms } from './describe';
import type { Lowering } from './lowering';

/** Constraints on a number read from a recipe. */
export interface NumberSpec {
  integer?: boolean;
}

/**
 * Readers for the values of built-in options: each checks the shape (a number, a word from a
 * list, a range) and reports `option.type` at the value; value limits are checked later on the
 * RunConfig (validate-config) so that recipes and TypeScript configs get the same checks.
 */
export class ValueReader {
  constructor(private readonly lo: Lowering) {}

  /** Exactly one atom, or a reported error. */
  single(value: ValueNode, key: string, expected: string): Atom | undefined {
    if (value.atoms.length === 1) return value.atoms[0];
    this.lo.error('option.type', `"${key}" takes one value, got ${describeAtoms(value.atoms)}`, value.range, {
      expected,
      fix: value.atoms.length > 1 ? 'separate options with "," or put the text in "double quotes"' : `give a value: ${key}: <value>`,
    });
    return undefined;
  }

  number(value: ValueNode, key: string, spec: NumberSpec = {}): number | undefined {
    const what = spec.integer ? 'a whole number' : 'a number';
    const atom = this.single(value, key, what);
    return atom && this.numberAtom(atom, key, spec);
  }

  numberAtom(atom: Atom, key: string, spec: NumberSpec = {}): number | undefined {
    const what = spec.integer ? 'a whole number' : 'a number';
    if (atom.kind !== 'number') {
      this.lo.error('option.type', `"${key}" must be ${what}, got ${describeAtoms([atom])}`, atom.range, {
        expected: what,
        fix: `write ${key}: <number>, e.g. ${key}: ${spec.integer ? '8' : '0.5'}`,
      });
      return undefined;
    }
    if (!checkFinite(this.lo, atom)) return undefined;
    if (spec.integer && !Number.isInteger(atom.value)) {
      this.lo.error('option.type', `"${key}" must be a whole number, got ${atom.raw}`, atom.range, {
        expected: 'a whole number',
        fix: `round it: ${key}: ${Math.round(atom.value)}`,
      });
      return undefined;
    }
    return atom.value;
  }

  /** One word out of `allowed`. */
  word<W extends string>(value: ValueNode, key: string, allowed: readonly W[]): W | undefined {
    const atom = this.single(value, key, `one of: ${allowed.join(', ')}`);
    if (!atom) return undefined;
    if (atom.kind === 'word' && (allowed as readonly string[]).includes(atom.text)) return atom.text as W;
    this.lo.error('option.type', `"${key}" must be one of ${allowed.join(', ')}, got ${describeAtoms([atom])}`, atom.range, {
      expected: `one of: ${allowed.join(', ')}`,
      fix: `write ${key}: ${allowed[0]}`,
    });
    return undefined;
  }

  /** A word or a quoted string. */
  text(value: ValueNode, key: string): string | undefined {
    const atom = this.single(value, key, 'a name or a "string"');
    if (!atom) return undefined;
    if (atom.kind === 'word') return atom.text;
    if (atom.kind === 'string') return atom.value;
    this.lo.error('option.type', `"${key}" must be a name or a "string", got ${describeAtoms([atom])}`, atom.range, {
      expected: 'a name or a "string"',
      fix: `write ${key}: "<text>"`,
    });
    return undefined;
  }

  /** `min..max` */
  range(value: ValueNode, key: string): [number, number] | undefined {
    const atom = this.single(value, key, 'a range <min>..<max>');
    if (!atom) return undefined;
    if (atom.kind === 'range') {
      if (!checkFinite(this.lo, atom.from) || !checkFinite(this.lo, atom.to)) return undefined;
      return [atom.from.value, atom.to.value];
    }
    this.lo.error('option.type', `"${key}" must be a range like 32..192, got ${describeAtoms([atom])}`, atom.range, {
      expected: 'a range <min>..<max>',
      fix: `write ${key}: <min>..<max>`,
    });
    return undefined;
  }
}

/** Numbers too large for a double (1e999) or to count exactly are reported, not used. */
export function checkFinite(lo: Lowering, atom: { value: number; raw: string; range: Range }, path?: string): boolean {
  if (Number.isFinite(atom.value) && Math.abs(atom.value) <= Number.MAX_SAFE_INTEGER) return true;
  lo.error('value.number', `the number ${atom.raw.length > 24 ? `${atom.raw.slice(0, 24)}...` : atom.raw} is too large`, atom.range, {
    expected: `a number of magnitude at most ${Number.MAX_SAFE_INTEGER}`,
    fix: 'use a smaller number',
    path,
  });
  return false;
}
