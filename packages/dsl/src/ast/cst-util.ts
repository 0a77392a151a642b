import type { CstElement, CstNode, IToken } from 'chevrotain';
import type { Range } from '../diagnostics/diagnostic';
import { tokenRange } from '../syntax/lexer';
import type { NameNode } from './ast';

/** Children of a CST node by name. */
export type Children = Record<string, CstElement[] | undefined>;

/** The i-th token child named `name`, if present (and not invented by error recovery). */
export function tok(node: CstNode | undefined, name: string, i = 0): IToken | undefined {
  const found = node?.children[name]?.[i] as IToken | undefined;
  if (!found || found.isInsertedInRecovery || Number.isNaN(found.startOffset)) return undefined;
  return found;
}

/** Every token child named `name`. */
export function toks(node: CstNode | undefined, name: string): IToken[] {
  return ((node?.children[name] ?? []) as IToken[]).filter((x) => !x.isInsertedInRecovery && !Number.isNaN(x.startOffset));
}

/** The i-th sub-rule child named `name`. */
export function sub(node: CstNode | undefined, name: string, i = 0): CstNode | undefined {
  return node?.children[name]?.[i] as CstNode | undefined;
}

/** Every sub-rule child named `name`. */
export function subs(node: CstNode | undefined, name: string): CstNode[] {
  return (node?.children[name] ?? []) as CstNode[];
}

/** The range of a CST node (from its location), or `fallback` if error recovery left none. */
export function nodeRange(node: CstNode | undefined, fallback: Range): Range {
  const loc = node?.location;
  if (!loc || Number.isNaN(loc.startOffset) || loc.endOffset === undefined || Number.isNaN(loc.endOffset)) return fallback;
  return {
    start: { line: loc.startLine ?? 1, column: loc.startColumn ?? 1, offset: loc.startOffset },
    end: { line: loc.endLine ?? 1, column: (loc.endColumn ?? 0) + 1, offset: loc.endOffset + 1 },
  };
}

/** Reads a quoted string literal's value (a missing closing quote is tolerated). */
export function unquote(raw: string): string {
  const closed = raw.length >= 2 && raw.endsWith('"') && !raw.endsWith('\\"');
  const body = raw.slice(1, closed ? -1 : undefined);
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body.replace(/\\(.)/g, '$1');
  }
}

/** A name from a `name` rule node (a word or a quoted string); empty text if recovery dropped it. */
export function nameOf(node: CstNode | undefined, fallback: Range): NameNode {
  const word = tok(node, 'Word');
  if (word) return { text: word.image, quoted: false, range: tokenRange(word) };
  const str = tok(node, 'StringLiteral');
  if (str) return { text: unquote(str.image), quoted: true, range: tokenRange(str) };
  return { text: '', quoted: false, range: fallback };
}

/** Operator tokens of a chain in source order (chevrotain groups children by token type). */
export function operatorsInOrder(node: CstNode, names: readonly string[]): IToken[] {
  return names.flatMap((n) => toks(node, n)).sort((a, b) => a.startOffset - b.startOffset);
}
