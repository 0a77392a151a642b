import { Lexer, type IToken } from 'chevrotain';
import type { Diagnostic, Range } from '../diagnostics/diagnostic';
import * as t from './tokens';

/** Nesting deeper than this (brackets, or chained unary operators) is rejected before parsing. */
export const MAX_NESTING = 64;

const lexer = new Lexer(t.allTokens, { positionTracking: 'full', ensureOptimizations: true });

/** The range a token covers. */
export function tokenRange(token: IToken): Range {
  const line = token.startLine ?? 1;
  const column = token.startColumn ?? 1;
  const endLine = token.endLine ?? line;
  const endColumn = token.endColumn ?? column + token.image.length - 1;
  return {
    start: { line, column, offset: token.startOffset },
    end: { line: endLine, column: endColumn + 1, offset: (token.endOffset ?? token.startOffset) + 1 },
  };
}

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
  /** False when the input nests too deeply to be parsed safely. */
  parsable: boolean;
}

/** Splits recipe text into tokens and comments; bad characters become diagnostics. */
export function lex(text: string): LexResult {
  // A byte-order mark (some editors write one) lexes as a space, so offsets stay the same.
  const result = lexer.tokenize(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  const diagnostics: Diagnostic[] = result.errors.map((e) => {
    const bad = text.slice(e.offset, e.offset + (e.length || 1));
    return {
      severity: 'error',
      code: 'syntax.character',
      message: `unexpected character${bad.length > 1 ? 's' : ''} ${JSON.stringify(bad.length > 20 ? `${bad.slice(0, 20)}...` : bad)}`,
      range: {
        start: { line: e.line ?? 1, column: e.column ?? 1, offset: e.offset },
        end: { line: e.line ?? 1, column: (e.column ?? 1) + (e.length || 1), offset: e.offset + (e.length || 1) },
      },
      expected: 'names, numbers, strings, operators and brackets of the recipe language',
      fix: 'remove the character, or put text inside "double quotes"',
    };
  });
  const tokens = result.tokens;
  for (const token of tokens) {
    if (token.tokenType !== t.UnterminatedString) continue;
    diagnostics.push({
      severity: 'error',
      code: 'syntax.string',
      message: 'this string has no closing quote',
      range: tokenRange(token),
      expected: 'a string on one line: "..."',
      fix: 'add the closing " before the end of the line',
    });
    // Parse on as if it were closed, so one missing quote is one error.
    const mutable = token as { tokenType: typeof t.StringLiteral; tokenTypeIdx: number };
    mutable.tokenType = t.StringLiteral;
    mutable.tokenTypeIdx = t.StringLiteral.tokenTypeIdx!;
  }
  const tooDeep = findTooDeep(tokens);
  if (tooDeep) diagnostics.push(tooDeep);
  return { tokens, comments: result.groups.comments ?? [], diagnostics, parsable: tooDeep === undefined };
}

const opening = new Set<unknown>([t.LBrace, t.LParen, t.LBracket]);
const closing = new Set<unknown>([t.RBrace, t.RParen, t.RBracket]);
const unary = new Set<unknown>([t.Minus, t.Not, t.Plus]);

function findTooDeep(tokens: readonly IToken[]): Diagnostic | undefined {
  let depth = 0;
  let run = 0;
  for (const token of tokens) {
    if (opening.has(token.tokenType)) depth++;
    else if (closing.has(token.tokenType)) depth = Math.max(0, depth - 1);
    run = unary.has(token.tokenType) ? run + 1 : 0;
    if (depth > MAX_NESTING || run > MAX_NESTING) {
      return {
        severity: 'error',
        code: 'syntax.too-deep',
        message: `nesting deeper than ${MAX_NESTING} levels`,
        range: tokenRange(token),
        expected: `at most ${MAX_NESTING} nested brackets or operators`,
        fix: 'flatten the expression or block',
      };
    }
  }
  return undefined;
}
