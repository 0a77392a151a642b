import type { Diagnostic } from '../diagnostics/diagnostic';
import { internalError } from '../diagnostics/internal';
import { parseRecipe } from '../parse-recipe';
import { Printer } from './printer';

export interface FormatResult {
  /** The recipe in canonical form; absent when the text has syntax errors. */
  text?: string;
  /** Syntax errors that stopped formatting (semantic problems do not). */
  diagnostics: Diagnostic[];
  /** True if `text` differs from the input. */
  changed: boolean;
}

/**
 * Prints a recipe in canonical form (see Printer). Idempotent: formatting the output again gives
 * the same text. Comments are kept; a comment written inside a single statement (say, in the
 * middle of a reward expression) moves to the line above that statement.
 */
export function formatRecipe(text: string, file?: string): FormatResult {
  const parsed = parseRecipe(text, file);
  if (parsed.syntaxErrors || !parsed.ast) return { diagnostics: parsed.diagnostics, changed: false };
  try {
    const out = new Printer().recipe(parsed.ast);
    return { text: out, diagnostics: [], changed: out !== text };
  } catch (cause) {
    return { diagnostics: [internalError(cause)], changed: false };
  }
}
