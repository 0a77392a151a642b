import type { CstNode, IToken } from 'chevrotain';
import type { Diagnostic, Range } from '../diagnostics/diagnostic';
import { tokenRange } from '../syntax/lexer';
import type { BinaryOp, ExprNode } from './ast';
import { nodeRange, operatorsInOrder, sub, subs, tok } from './cst-util';

/** Longest operator chain kept in one expression (keeps every later tree walk shallow). */
export const MAX_CHAIN = 256;
/** Most nodes in one reward expression. */
export const MAX_NODES = 1024;

/**
 * Builds reward expression nodes from the CST. Returns undefined for parts that error recovery
 * left empty (the syntax error is already reported).
 */
export class ExprBuilder {
  constructor(private readonly diagnostics: Diagnostic[]) {}

  /** A whole reward expression, refused (with a diagnostic) if it has more than MAX_NODES nodes. */
  reward(node: CstNode | undefined, fallback: Range): ExprNode | undefined {
    const expr = this.expression(node, fallback);
    if (!expr || countNodes(expr) <= MAX_NODES) return expr;
    this.diagnostics.push({
      severity: 'error',
      code: 'reward.too-long',
      message: `this expression has more than ${MAX_NODES} parts`,
      range: expr.range,
      expected: `at most ${MAX_NODES} numbers, aspects and operators`,
      fix: 'split the reward into fewer, weighted aspects',
    });
    return undefined;
  }

  expression(node: CstNode | undefined, fallback: Range): ExprNode | undefined {
    return this.chain(node, 'andExpr', ['Or'], fallback, (n, r) => this.and(n, r));
  }

  private and(node: CstNode, fallback: Range): ExprNode | undefined {
    return this.chain(node, 'notExpr', ['And'], fallback, (n, r) => this.not(n, r));
  }

  private not(node: CstNode, fallback: Range): ExprNode | undefined {
    const range = nodeRange(node, fallback);
    if (tok(node, 'Not')) {
      const operand = this.not(sub(node, 'notExpr') as CstNode, range);
      return operand && { kind: 'unary', op: 'not', operand, range };
    }
    return this.compare(sub(node, 'compareExpr'), range);
  }

  private compare(node: CstNode | undefined, fallback: Range): ExprNode | undefined {
    return this.chain(node, 'addExpr', ['LessEq', 'GreaterEq', 'EqEq', 'NotEq', 'Less', 'Greater'], fallback, (n, r) =>
      this.add(n, r),
    );
  }

  private add(node: CstNode, fallback: Range): ExprNode | undefined {
    return this.chain(node, 'mulExpr', ['Plus', 'Minus'], fallback, (n, r) => this.mul(n, r));
  }

  private mul(node: CstNode, fallback: Range): ExprNode | undefined {
    return this.chain(node, 'unaryExpr', ['Star', 'Slash'], fallback, (n, r) => this.unary(n, r));
  }

  private unary(node: CstNode, fallback: Range): ExprNode | undefined {
    const range = nodeRange(node, fallback);
    if (tok(node, 'Minus')) {
      const operand = this.unary(sub(node, 'unaryExpr') as CstNode, range);
      return operand && { kind: 'unary', op: '-', operand, range };
    }
    return this.primary(sub(node, 'primary'), range);
  }

  private primary(node: CstNode | undefined, fallback: Range): ExprNode | undefined {
    const range = nodeRange(node, fallback);
    const num = tok(node, 'NumberLiteral');
    if (num) return { kind: 'number', raw: num.image, value: Number(num.image.replace(/_/g, '')), range };
    const word = tok(node, 'Word');
    if (word) {
      if (!tok(node, 'LParen')) return { kind: 'aspect', name: word.image, range };
      const args = subs(node, 'expression')
        .map((e) => this.expression(e, range))
        .filter((e): e is ExprNode => e !== undefined);
      return { kind: 'call', fn: { text: word.image, quoted: false, range: tokenRange(word) }, args, range };
    }
    const parts = subs(node, 'expression').map((e) => this.expression(e, range));
    if (tok(node, 'If')) {
      const [test, then, otherwise] = parts;
      return test && then && otherwise ? { kind: 'if', test, then, else: otherwise, range } : undefined;
    }
    return parts[0] && { kind: 'paren', inner: parts[0], range };
  }

  /** A left-associative chain `a op b op c` (at most one operator for comparisons). */
  private chain(
    node: CstNode | undefined,
    operandRule: string,
    operators: readonly string[],
    fallback: Range,
    build: (n: CstNode, r: Range) => ExprNode | undefined,
  ): ExprNode | undefined {
    if (!node) return undefined;
    const range = nodeRange(node, fallback);
    const operands = subs(node, operandRule);
    const ops: IToken[] = operatorsInOrder(node, operators);
    if (operands.length > MAX_CHAIN) {
      this.diagnostics.push({
        severity: 'error',
        code: 'reward.too-long',
        message: `this expression chains ${operands.length} terms`,
        range,
        expected: `at most ${MAX_CHAIN} terms joined by one kind of operator`,
        fix: 'split the reward into fewer, weighted aspects',
      });
      return undefined;
    }
    let left = build(operands[0], range);
    for (let i = 1; i < operands.length && left; i++) {
      const op = ops[i - 1];
      const right = build(operands[i], range);
      if (!op || !right) return undefined;
      left = {
        kind: 'binary',
        op: op.image as BinaryOp,
        opRange: tokenRange(op),
        left,
        right,
        range: { start: left.range.start, end: right.range.end },
      };
    }
    return left;
  }
}


/** Node count, without recursion (the tree may be deep). */
function countNodes(root: ExprNode): number {
  let count = 0;
  const stack: ExprNode[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    if (++count > MAX_NODES) return count;
    if (e.kind === 'unary') stack.push(e.operand);
    else if (e.kind === 'binary') stack.push(e.left, e.right);
    else if (e.kind === 'call') stack.push(...e.args);
    else if (e.kind === 'if') stack.push(e.test, e.then, e.else);
    else if (e.kind === 'paren') stack.push(e.inner);
  }
  return count;
}
