import type { IToken } from 'chevrotain';
import type { Range } from '../diagnostics/diagnostic';
import { tokenRange } from '../syntax/lexer';
import type { Atom, BlockNode, CommentNode, Commented, Node, RecipeNode, StatementNode, ValueNode } from './ast';

type Element = Node & Commented;

/** A list of elements between brackets, where comments can sit. */
interface Container {
  range: Range;
  elements: Element[];
  dangling: CommentNode[];
}

/**
 * Attaches comments to the AST so the formatter can keep them: a comment on the line where an
 * element ends trails it; any other comment leads the next element of its list (or dangles at the
 * end of the list). A comment inside a single element (e.g. mid-expression) moves above it.
 * Also records which elements had a blank line before them.
 */
export function attachComments(recipe: RecipeNode, commentTokens: readonly IToken[], text: string): void {
  const root: Container = { range: recipe.bodyRange, elements: recipe.statements, dangling: recipe.dangling };
  for (const token of commentTokens) {
    const comment: CommentNode = { text: token.image.trimEnd(), range: tokenRange(token) };
    const at = comment.range.start.offset;
    if (at < recipe.bodyRange.start.offset) recipe.header.push(comment);
    else if (at >= recipe.bodyRange.end.offset) recipe.footer.push(comment);
    else place(comment, root);
  }
  markBlankLines(root, text);
}

function place(comment: CommentNode, container: Container): void {
  const at = comment.range.start.offset;
  const elements = container.elements;
  // Elements are in source order: find the first one that ends after the comment starts.
  let lo = 0;
  let hi = elements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (elements[mid].range.end.offset <= at) lo = mid + 1;
    else hi = mid;
  }
  const inside = elements[lo] && elements[lo].range.start.offset <= at ? elements[lo] : undefined;
  if (inside) {
    const child = containersOf(inside).find((c) => c.range.start.offset <= at && at < c.range.end.offset);
    if (child) place(comment, child);
    else inside.leading.push(comment);
    return;
  }
  const prev = elements[lo - 1];
  if (prev && !prev.trailing && prev.range.end.line === comment.range.start.line) {
    prev.trailing = comment;
    return;
  }
  const next = elements[lo];
  if (next) next.leading.push(comment);
  else container.dangling.push(comment);
}

function blockContainer(block: BlockNode): Container {
  return { range: block.range, elements: block.entries, dangling: block.dangling };
}

function valueBlocks(value: ValueNode): BlockNode[] {
  const out: BlockNode[] = [];
  const visit = (atom: Atom): void => {
    if (atom.kind === 'object') out.push(atom.block);
    else if (atom.kind === 'list' || atom.kind === 'call')
      for (const v of atom.kind === 'list' ? atom.items : atom.args) v.atoms.forEach(visit);
  };
  value.atoms.forEach(visit);
  return out;
}

/** The lists nested directly inside an element. */
function containersOf(element: Element): Container[] {
  const e = element as Element & { kind: string };
  const blocks: BlockNode[] = [];
  if (e.kind === 'entry') blocks.push(...valueBlocks((e as unknown as { value: ValueNode }).value));
  const s = e as unknown as StatementNode & { options?: BlockNode; block?: BlockNode };
  if (s.options) blocks.push(s.options);
  if (s.block) blocks.push(s.block);
  const out = blocks.map(blockContainer);
  if (s.kind === 'candidates') out.push({ range: s.body, elements: s.items, dangling: s.dangling });
  if (s.kind === 'phase' || s.kind === 'arm') out.push({ range: s.bodyRange, elements: s.body, dangling: s.dangling });
  if (s.kind === 'setting') out.push(...valueBlocks(s.entry.value).map(blockContainer));
  return out;
}

/** True if text[from, to) holds two line breaks with only spaces between them. */
function hasBlankLine(text: string, from: number, to: number): boolean {
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (++newlines === 2) return true;
    } else if (c !== 32 && c !== 9 && c !== 13) newlines = 0;
  }
  return false;
}

function markBlankLines(container: Container, text: string): void {
  let prevEnd = container.range.start.offset;
  for (const e of container.elements) {
    const start = e.leading[0]?.range.start.offset ?? e.range.start.offset;
    e.blankBefore = prevEnd !== container.range.start.offset && hasBlankLine(text, prevEnd, start);
    prevEnd = e.trailing?.range.end.offset ?? e.range.end.offset;
    for (const c of containersOf(e)) markBlankLines(c, text);
  }
}
