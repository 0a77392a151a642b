import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { Diagnostic, Range } from '../diagnostics/diagnostic';
import { tokenRange } from './lexer';
import { RULE_STATEMENT, STATEMENT_FORMS } from './forms';
import { decodeSyntaxMessage } from './syntax-messages';

const expressionRules = new Set(['expression', 'andExpr', 'notExpr', 'compareExpr', 'addExpr', 'mulExpr', 'unaryExpr', 'primary']);

/** `a`, `a or b`, `a, b or c`. */
export function listOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Where a token is; the end of the text for the EOF token. */
function rangeOf(token: IToken, text: string, tokens: readonly IToken[]): Range {
  if (token.tokenType !== EOF && !Number.isNaN(token.startOffset)) return tokenRange(token);
  const last = tokens[tokens.length - 1];
  const at = last ? tokenRange(last).end : { line: 1, column: 1, offset: 0 };
  return { start: at, end: { ...at, offset: Math.min(at.offset, text.length) } };
}

/** The statement keyword whose rule is innermost on the stack (for the form to show). */
function statementOf(e: IRecognitionException, token: IToken): string | undefined {
  const stack = e.context.ruleStack;
  for (let i = stack.length - 1; i >= 0; i--) {
    const rule = stack[i];
    if (RULE_STATEMENT[rule]) return RULE_STATEMENT[rule];
    if (rule === 'pluginStmt' || rule === 'blockStmt' || rule === 'everyStmt') {
      return undefined; // the keyword decides; found below from the tokens
    }
  }
  return STATEMENT_FORMS[token.image] ? token.image : undefined;
}

/** Turns chevrotain's recognition errors into diagnostics (one per position). */
export function syntaxDiagnostics(errors: readonly IRecognitionException[], text: string, tokens: readonly IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    const range = rangeOf(e.token, text, tokens);
    if (seen.has(range.start.offset)) continue;
    seen.add(range.start.offset);
    const decoded = decodeSyntaxMessage(e.message);
    const rules = e.context.ruleStack;
    const innermost = rules[rules.length - 1] ?? '';
    const keyword = e.token.image;
    if (e.name === 'NotAllInputParsedException') {
      out.push({
        severity: 'error',
        code: 'syntax.unexpected',
        message: decoded.message,
        range,
        expected: 'nothing after the closing } of the recipe',
        fix: 'move it inside the recipe braces, or remove it',
      });
      continue;
    }
    if (e.name === 'NoViableAltException' && innermost === 'statement' && STATEMENT_FORMS[keyword]) {
      out.push({
        severity: 'error',
        code: 'syntax.incomplete',
        message: `incomplete ${keyword} statement`,
        range,
        expected: STATEMENT_FORMS[keyword],
        fix: `complete it as: ${STATEMENT_FORMS[keyword]}`,
      });
      continue;
    }
    out.push({
      severity: 'error',
      code: 'syntax.expected',
      message: decoded.message,
      range,
      expected: listOr(decoded.expected),
      fix: fixFor(e, innermost, decoded.expected),
    });
  }
  return out;
}

function fixFor(e: IRecognitionException, rule: string, expected: readonly string[]): string {
  if (rule === 'recipe' && expected.includes("'recipe'")) return 'start the file with `recipe <name> {` and end it with `}`';
  if (expected.length === 1 && expected[0] === "':'") return 'write each option as `key: value`';
  if (expected.length === 1 && expected[0] === "'}'") return 'close the block with `}` (or separate entries with `,`)';
  if (expected.length === 1 && /^'.'$/.test(expected[0])) return `add ${expected[0]}`;
  if (expressionRules.has(rule)) return 'complete the expression, e.g. `reward = quality + safety`';
  const statement = statementOf(e, e.token);
  if (statement) return `the form is: ${STATEMENT_FORMS[statement]}`;
  return 'see docs/recipes.md for the form of this statement';
}
