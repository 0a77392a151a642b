import type { RecipeNode } from './ast/ast';
import { AstBuilder } from './ast/build-ast';
import { attachComments } from './ast/comments';
import { EMPTY_RANGE, sortDiagnostics, type Diagnostic, type Range } from './diagnostics/diagnostic';
import { internalError } from './diagnostics/internal';
import { lex } from './syntax/lexer';
import { parseTokens } from './syntax/parser';
import { syntaxDiagnostics } from './syntax/syntax-errors';

/** A `use "<package>"` line: what the caller must load before compiling. */
export interface UseRef {
  name: string;
  range: Range;
}

export interface ParseResult {
  /** The AST; present whenever the text could be parsed at all (possibly with recovered errors). */
  ast?: RecipeNode;
  /** Packages named by `use` statements, in order. */
  uses: UseRef[];
  diagnostics: Diagnostic[];
  /** True if the text has syntax errors (the AST, if any, is partial). */
  syntaxErrors: boolean;
  file?: string;
}

/**
 * Parses a recipe's syntax only: no plugin is consulted. Use it to learn which packages the
 * recipe `use`s before building the registry for compileRecipe. Never throws. With
 * `comments: false` the AST carries no comments (faster; what compileRecipe uses).
 */
export function parseRecipe(text: string, file?: string, options: { comments?: boolean } = {}): ParseResult {
  try {
    const lexed = lex(text);
    if (!lexed.parsable) return { uses: [], diagnostics: sortDiagnostics(lexed.diagnostics), syntaxErrors: true, file };
    const parsed = parseTokens(lexed.tokens);
    const diagnostics = [...lexed.diagnostics, ...syntaxDiagnostics(parsed.errors, text, lexed.tokens)];
    const syntaxErrors = diagnostics.length > 0;
    const end = lexed.tokens.length ? lexed.tokens[lexed.tokens.length - 1] : undefined;
    const fallback: Range = end
      ? { start: EMPTY_RANGE.start, end: { line: end.endLine ?? 1, column: (end.endColumn ?? 0) + 1, offset: (end.endOffset ?? 0) + 1 } }
      : EMPTY_RANGE;
    const ast = parsed.cst.children.Recipe ? new AstBuilder(diagnostics).recipe(parsed.cst, fallback) : undefined;
    // Comments matter to the formatter only; compiling skips placing them.
    if (ast && options.comments !== false) attachComments(ast, lexed.comments, text);
    const uses = (ast?.statements ?? [])
      .filter((s) => s.kind === 'use')
      .map((s) => (s.kind === 'use' ? { name: s.pkg.text, range: s.pkg.range } : undefined))
      .filter((u): u is UseRef => u !== undefined && u.name !== '');
    return { ast, uses, diagnostics: sortDiagnostics(diagnostics), syntaxErrors: syntaxErrors || diagnostics.length > 0, file };
  } catch (cause) {
    return { uses: [], diagnostics: [internalError(cause)], syntaxErrors: true, file };
  }
}
