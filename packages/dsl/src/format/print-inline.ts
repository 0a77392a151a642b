import type { Atom, BlockNode, ExprNode, NameNode, ValueNode } from '../ast/ast';

/** A name as written: bare, or quoted when it was quoted. */
export function printName(n: NameNode): string {
  return n.quoted ? JSON.stringify(n.text) : n.text;
}

/** True if a block holds a comment anywhere inside (it must then be printed one entry per line). */
export function hasComments(block: BlockNode): boolean {
  if (block.dangling.length) return true;
  return block.entries.some((e) => e.leading.length > 0 || e.trailing !== undefined || valueBlocks(e.value).some(hasComments));
}

/** Blocks anywhere inside a value. */
export function valueBlocks(value: ValueNode): BlockNode[] {
  return value.atoms.flatMap((a) => atomBlocks(a));
}

function atomBlocks(a: Atom): BlockNode[] {
  if (a.kind === 'object') return [a.block];
  if (a.kind === 'list') return a.items.flatMap(valueBlocks);
  if (a.kind === 'call') return a.args.flatMap(valueBlocks);
  return [];
}

/** A block on one line, `{ a: 1, b: 2 }`, or undefined if it holds comments. */
export function inlineBlock(block: BlockNode): string | undefined {
  if (hasComments(block)) return undefined;
  if (block.entries.length === 0) return '{}';
  return `{ ${block.entries.map((e) => `${e.key.text}: ${inlineValue(e.value)}`).join(', ')} }`;
}

/** A value on one line (nested blocks inline). */
export function inlineValue(value: ValueNode): string {
  return value.atoms.map(inlineAtom).join(' ');
}

function inlineAtom(a: Atom): string {
  switch (a.kind) {
    case 'number':
    case 'duration':
    case 'string':
      return a.raw;
    case 'range':
      return `${a.from.raw}..${a.to.raw}`;
    case 'word':
      return a.text;
    case 'arrow':
      return '->';
    case 'call':
      return `${a.fn.text}(${a.args.map(inlineValue).join(', ')})`;
    case 'list':
      return `[${a.items.map(inlineValue).join(', ')}]`;
    case 'object':
      return inlineBlock(a.block) ?? `{ ${a.block.entries.map((e) => `${e.key.text}: ${inlineValue(e.value)}`).join(', ')} }`;
  }
}

/** A reward expression with canonical spacing; parentheses are kept where they were written. */
export function printExpr(e: ExprNode): string {
  switch (e.kind) {
    case 'number':
      return e.raw;
    case 'aspect':
      return e.name;
    case 'paren':
      return `(${printExpr(e.inner)})`;
    case 'unary':
      return e.op === 'not' ? `not ${printExpr(e.operand)}` : `-${printExpr(e.operand)}`;
    case 'binary':
      return `${printExpr(e.left)} ${e.op} ${printExpr(e.right)}`;
    case 'call':
      return `${e.fn.text}(${e.args.map(printExpr).join(', ')})`;
    case 'if':
      return `if ${printExpr(e.test)} then ${printExpr(e.then)} else ${printExpr(e.else)}`;
  }
}
