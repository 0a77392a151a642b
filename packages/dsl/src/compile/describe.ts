import type { Atom } from '../ast/ast';

/** How atoms read in a message: `number 3`, `the word cosine`, `3 values`. */
export function describeAtoms(atoms: readonly Atom[]): string {
  if (atoms.length === 0) return 'nothing';
  if (atoms.length > 1) return `${atoms.length} values`;
  const a = atoms[0];
  switch (a.kind) {
    case 'number':
      return `number ${a.raw}`;
    case 'range':
      return `range ${a.from.raw}..${a.to.raw}`;
    case 'duration':
      return `duration ${a.raw}`;
    case 'string':
      return `string ${a.raw.length > 40 ? `${a.raw.slice(0, 40)}..."` : a.raw}`;
    case 'word':
      return `the name ${a.text}`;
    case 'call':
      return `a call to ${a.fn.text}(...)`;
    case 'arrow':
      return "'->'";
    case 'list':
      return 'a list';
    case 'object':
      return 'an object';
  }
}
