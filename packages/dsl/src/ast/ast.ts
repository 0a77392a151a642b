import type { Range } from '../diagnostics/diagnostic';

/**
 * The recipe AST: what the text says, with a source range on every node, before any meaning is
 * given to option keys. Values keep their raw text so the formatter can print them as written.
 */
export interface Node {
  range: Range;
}

/** A comment (`# ...` or `// ...`), attached to the element it precedes or ends the line of. */
export interface CommentNode extends Node {
  text: string;
}

/** Comments around a statement, block entry or candidate item. */
export interface Commented {
  leading: CommentNode[];
  trailing?: CommentNode;
  /** A blank line separated this element from the one before it. */
  blankBefore: boolean;
}

/** A name: identifier, keyword used as a name, or a quoted string. */
export interface NameNode extends Node {
  text: string;
  quoted: boolean;
}

export type Atom =
  | (Node & { kind: 'number'; value: number; raw: string })
  | (Node & { kind: 'range'; from: NumberAtom; to: NumberAtom })
  | (Node & { kind: 'duration'; ms: number; raw: string })
  | (Node & { kind: 'string'; value: string; raw: string })
  | (Node & { kind: 'word'; text: string })
  | (Node & { kind: 'call'; fn: NameNode; args: ValueNode[] })
  | (Node & { kind: 'arrow' })
  | (Node & { kind: 'list'; items: ValueNode[] })
  | (Node & { kind: 'object'; block: BlockNode });
export type NumberAtom = Extract<Atom, { kind: 'number' }>;

/** A value is a phrase of one or more atoms: `3e-4 cosine warmup 30`. */
export interface ValueNode extends Node {
  atoms: Atom[];
}

export interface EntryNode extends Node, Commented {
  kind: 'entry';
  key: NameNode;
  value: ValueNode;
}

export interface BlockNode extends Node {
  entries: EntryNode[];
  /** Comments after the last entry. */
  dangling: CommentNode[];
}

export type CandidateItemNode = Node &
  Commented &
  (
    | { kind: 'original'; keyword: Range }
    | { kind: 'rewrite'; keyword: Range; plugin: NameNode; options?: BlockNode }
    | { kind: 'rollouts'; keyword: Range; n: NumberAtom; options?: BlockNode }
    | { kind: 'source'; keyword: Range; name: NameNode; plugin: NameNode; options?: BlockNode }
  );

export type ExprNode =
  | (Node & { kind: 'number'; value: number; raw: string })
  | (Node & { kind: 'aspect'; name: string })
  | (Node & { kind: 'unary'; op: '-' | 'not'; operand: ExprNode })
  | (Node & { kind: 'binary'; op: BinaryOp; opRange: Range; left: ExprNode; right: ExprNode })
  | (Node & { kind: 'call'; fn: NameNode; args: ExprNode[] })
  | (Node & { kind: 'if'; test: ExprNode; then: ExprNode; else: ExprNode })
  | (Node & { kind: 'paren'; inner: ExprNode });
export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or';

/** Modifiers written after a judge's plugin: `pairwise`, `pointwise`, `reference original`. */
export interface JudgeModifier extends Node {
  text: 'pairwise' | 'pointwise' | 'reference original';
}

export type StatementNode = Node &
  Commented &
  (
    | { kind: 'use'; keyword: Range; pkg: NameNode }
    | { kind: 'data' | 'policy' | 'metrics' | 'observe' | 'shape'; keyword: Range; plugin: NameNode; options?: BlockNode }
    | { kind: 'init'; keyword: Range; from: NameNode }
    | { kind: 'window' | 'curriculum' | 'train' | 'judging'; keyword: Range; block: BlockNode; plugin?: NameNode }
    | { kind: 'candidates'; keyword: Range; items: CandidateItemNode[]; dangling: CommentNode[]; body: Range }
    | {
        kind: 'judge';
        keyword: Range;
        aspect: NameNode;
        plugin: NameNode;
        modifiers: JudgeModifier[];
        options?: BlockNode;
      }
    | { kind: 'reward'; keyword: Range; expr: ExprNode }
    | { kind: 'objective'; keyword: Range; name: NameNode; arg?: NameNode; options?: BlockNode }
    | { kind: 'eval' | 'checkpoint' | 'pools'; keyword: Range; every?: NumberAtom; options?: BlockNode }
    | { kind: 'phase' | 'arm'; keyword: Range; name: NameNode; body: StatementNode[]; dangling: CommentNode[]; bodyRange: Range }
    /** `steps: 300` or `lr: ...` inside a phase or arm. */
    | { kind: 'setting'; entry: EntryNode }
    /** A line starting with a word no statement starts with (reported with a did-you-mean). */
    | { kind: 'unknown'; keyword: Range; word: NameNode; value?: ValueNode }
  );

export type StatementKind = StatementNode['kind'];

export interface RecipeNode extends Node {
  name: NameNode;
  keyword: Range;
  statements: StatementNode[];
  /** Comments before `recipe`, after the last statement, and after the closing brace. */
  header: CommentNode[];
  dangling: CommentNode[];
  footer: CommentNode[];
  bodyRange: Range;
}
