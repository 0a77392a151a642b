import type { BlockNode, CandidateItemNode, CommentNode, Commented, EntryNode, RecipeNode, StatementNode } from '../ast/ast';
import { hasComments, inlineBlock, inlineValue, printExpr, printName, valueBlocks } from './print-inline';

/** Lines longer than this break blocks one entry per line. */
export const WIDTH = 100;
const INDENT = '  ';

/**
 * Prints a recipe AST in canonical form: two-space indents, one statement per line, blocks on
 * one line when they fit and hold no comment, comments and single blank lines kept.
 */
export class Printer {
  private readonly out: string[] = [];

  recipe(r: RecipeNode): string {
    for (const c of r.header) this.out.push(c.text);
    this.out.push(`recipe ${printName(r.name)} {`);
    this.list(r.statements, r.dangling, 1, (s, depth, trailing) => this.statement(s, depth, trailing));
    this.out.push('}');
    for (const c of r.footer) this.out.push(c.text);
    return `${this.out.join('\n')}\n`;
  }

  private line(depth: number, text: string, trailing?: CommentNode): void {
    this.out.push(`${INDENT.repeat(depth)}${text}${trailing ? ` ${trailing.text}` : ''}`);
  }

  private list<T extends Commented>(items: readonly T[], dangling: readonly CommentNode[], depth: number, print: (item: T, depth: number, trailing?: CommentNode) => void): void {
    items.forEach((item, i) => {
      if (item.blankBefore && i > 0) this.out.push('');
      for (const c of item.leading) this.line(depth, c.text);
      print(item, depth, item.trailing);
    });
    for (const c of dangling) this.line(depth, c.text);
  }

  /** `head { ... }` inline when it fits, else one entry per line. */
  private block(head: string, block: BlockNode, depth: number, trailing?: CommentNode): void {
    const inline = inlineBlock(block);
    const text = head ? `${head} ${inline}` : `${inline}`;
    if (inline !== undefined && INDENT.length * depth + text.length + (trailing ? trailing.text.length + 1 : 0) <= WIDTH) {
      this.line(depth, text, trailing);
      return;
    }
    this.line(depth, head ? `${head} {` : '{');
    this.list(block.entries, block.dangling, depth + 1, (e, d, t) => this.entry(e, d, t));
    this.line(depth, '}', trailing);
  }

  private entry(e: EntryNode, depth: number, trailing?: CommentNode): void {
    const atoms = e.value.atoms;
    const last = atoms[atoms.length - 1];
    const flat = `${e.key.text}: ${inlineValue(e.value)}`;
    const breakable = last?.kind === 'object' && !valueBlocks({ ...e.value, atoms: atoms.slice(0, -1) }).length;
    const fits = INDENT.length * depth + flat.length + (trailing ? trailing.text.length + 1 : 0) <= WIDTH;
    if (breakable && (hasComments(last.block) || !fits)) {
      const head = [e.key.text + ':', ...atoms.slice(0, -1).map((a) => inlineValue({ range: a.range, atoms: [a] }))].join(' ');
      this.block(head, last.block, depth, trailing);
      return;
    }
    this.line(depth, flat, trailing);
  }

  private withBlock(head: string, block: BlockNode | undefined, depth: number, trailing?: CommentNode): void {
    if (block) this.block(head, block, depth, trailing);
    else this.line(depth, head, trailing);
  }

  private statement(s: StatementNode, depth: number, trailing?: CommentNode): void {
    switch (s.kind) {
      case 'use':
        return this.line(depth, `use ${JSON.stringify(s.pkg.text)}`, trailing);
      case 'init':
        return this.line(depth, `init from ${JSON.stringify(s.from.text)}`, trailing);
      case 'data':
      case 'policy':
      case 'metrics':
      case 'observe':
      case 'shape':
        return this.withBlock(`${s.kind} ${printName(s.plugin)}`, s.options, depth, trailing);
      case 'window':
      case 'curriculum':
      case 'train':
      case 'judging':
        return s.plugin ? this.withBlock(`${s.kind} ${printName(s.plugin)}`, s.block, depth, trailing) : this.block(s.kind, s.block, depth, trailing);
      case 'candidates':
        return this.candidates(s, depth, trailing);
      case 'judge': {
        const mode = s.modifiers.find((m) => m.text !== 'reference original');
        const ref = s.modifiers.some((m) => m.text === 'reference original');
        const head = ['judge', printName(s.aspect), printName(s.plugin), ...(mode ? [mode.text] : []), ...(ref ? ['reference original'] : [])];
        return this.withBlock(head.join(' '), s.options, depth, trailing);
      }
      case 'reward':
        return this.line(depth, `reward = ${printExpr(s.expr)}`, trailing);
      case 'objective':
        return this.withBlock(['objective', printName(s.name), ...(s.arg ? [printName(s.arg)] : [])].join(' '), s.options, depth, trailing);
      case 'eval':
      case 'checkpoint':
      case 'pools':
        return this.withBlock(s.every ? `${s.kind} every ${s.every.raw}` : s.kind, s.options, depth, trailing);
      case 'phase':
      case 'arm':
        this.line(depth, `${s.kind} ${printName(s.name)} {`);
        this.list(s.body, s.dangling, depth + 1, (x, d, t) => this.statement(x, d, t));
        return this.line(depth, '}', trailing);
      case 'setting':
        return this.entry(s.entry, depth, trailing);
      case 'unknown':
        return this.line(depth, s.value ? `${s.word.text} ${inlineValue(s.value)}` : s.word.text, trailing);
    }
  }

  private candidates(s: Extract<StatementNode, { kind: 'candidates' }>, depth: number, trailing?: CommentNode): void {
    const commented = s.dangling.length > 0 || s.items.some((i) => i.leading.length || i.trailing || (i.kind !== 'original' && i.options && hasComments(i.options)));
    const inline = `candidates { ${s.items.map(itemInline).join('; ')} }`;
    if (!commented && s.items.length && INDENT.length * depth + inline.length + (trailing ? trailing.text.length + 1 : 0) <= WIDTH) {
      return this.line(depth, inline, trailing);
    }
    this.line(depth, 'candidates {');
    this.list(s.items, s.dangling, depth + 1, (item, d, t) => {
      const head = itemHead(item);
      if (item.kind === 'original' || !item.options) this.line(d, head, t);
      else this.block(head, item.options, d, t);
    });
    this.line(depth, '}', trailing);
  }
}

function itemHead(item: CandidateItemNode): string {
  switch (item.kind) {
    case 'original':
      return 'original';
    case 'rewrite':
      return `rewrite ${printName(item.plugin)}`;
    case 'rollouts':
      return `rollouts ${item.n.raw}`;
    case 'source':
      return `source ${printName(item.name)} ${printName(item.plugin)}`;
  }
}

function itemInline(item: CandidateItemNode): string {
  const options = item.kind !== 'original' && item.options ? ` ${inlineBlock(item.options)}` : '';
  return `${itemHead(item)}${options}`;
}
