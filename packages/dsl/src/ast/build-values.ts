import type { CstNode } from 'chevrotain';
import type { Range } from '../diagnostics/diagnostic';
import { tokenRange } from '../syntax/lexer';
import type { Atom, BlockNode, EntryNode, NumberAtom, ValueNode } from './ast';
import { nodeRange, sub, subs, tok, unquote } from './cst-util';

const noComments = () => ({ leading: [], blankBefore: false });

/** `{ key: value, ... }` */
export function buildBlock(node: CstNode | undefined, fallback: Range): BlockNode {
  const range = nodeRange(node, fallback);
  const entries = subs(node, 'entry')
    .map((e) => buildEntry(e, range))
    .filter((e): e is EntryNode => e !== undefined);
  return { range, entries, dangling: [] };
}

/** `key: value`; undefined if recovery left no key. */
export function buildEntry(node: CstNode, fallback: Range): EntryNode | undefined {
  const key = tok(node, 'Word');
  if (!key) return undefined;
  const range = nodeRange(node, tokenRange(key));
  const value = buildValue(sub(node, 'value'), { start: range.end, end: range.end });
  return { kind: 'entry', key: { text: key.image, quoted: false, range: tokenRange(key) }, value, range, ...noComments() };
}

/** A phrase of atoms. */
export function buildValue(node: CstNode | undefined, fallback: Range): ValueNode {
  const range = nodeRange(node, fallback);
  const atoms = subs(node, 'atom')
    .map((a) => buildAtom(a, range))
    .filter((a): a is Atom => a !== undefined);
  return { range, atoms };
}

function buildList(node: CstNode | undefined, fallback: Range): ValueNode[] {
  return subs(node, 'value')
    .map((v) => buildValue(v, fallback))
    .filter((v) => v.atoms.length > 0);
}

/** A number literal with an optional minus sign. */
export function buildNumber(node: CstNode | undefined, fallback: Range): NumberAtom | undefined {
  const digits = tok(node, 'NumberLiteral');
  if (!digits) return undefined;
  const minus = tok(node, 'Minus');
  const raw = `${minus ? '-' : ''}${digits.image}`;
  return { kind: 'number', raw, value: Number(raw.replace(/_/g, '')), range: nodeRange(node, fallback) };
}

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

function buildAtom(node: CstNode, fallback: Range): Atom | undefined {
  const range = nodeRange(node, fallback);
  const numbers = subs(node, 'signedNumber');
  if (numbers.length) {
    const from = buildNumber(numbers[0], range);
    if (!from) return undefined;
    const to = numbers[1] ? buildNumber(numbers[1], range) : undefined;
    return to && tok(node, 'DotDot') ? { kind: 'range', from, to, range } : from;
  }
  const duration = tok(node, 'Duration');
  if (duration) {
    const [, amount, unit] = /^([\d_.]+)(ms|s|m|h)$/.exec(duration.image) ?? [];
    return { kind: 'duration', raw: duration.image, ms: Number(amount.replace(/_/g, '')) * durationUnits[unit], range };
  }
  const str = tok(node, 'StringLiteral');
  if (str) return { kind: 'string', raw: str.image, value: unquote(str.image), range };
  const word = tok(node, 'Word');
  if (word) {
    if (!tok(node, 'LParen')) return { kind: 'word', text: word.image, range };
    const fn = { text: word.image, quoted: false, range: tokenRange(word) };
    return { kind: 'call', fn, args: buildList(sub(node, 'valueList'), range), range };
  }
  if (tok(node, 'Arrow')) return { kind: 'arrow', range };
  if (tok(node, 'LBracket')) return { kind: 'list', items: buildList(sub(node, 'valueList'), range), range };
  const block = sub(node, 'block');
  if (block) return { kind: 'object', block: buildBlock(block, range), range };
  return undefined;
}

