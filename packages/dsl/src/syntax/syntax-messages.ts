import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

/**
 * Chevrotain's parser reports errors as strings; this provider writes them as JSON carrying the
 * message and what was expected, so syntax-errors.ts can build structured diagnostics.
 */
export interface SyntaxMessage {
  message: string;
  expected: string[];
  rule: string;
}

/** How a token reads in a message: `"foo"` or `the end of the file`. */
export function describeToken(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'the end of the file';
  const image = token.image.length > 30 ? `${token.image.slice(0, 30)}...` : token.image;
  return JSON.stringify(image);
}

/** A token type as a reader knows it: `'{'`, `a number`, `'judge'`. */
export function labelOf(type: TokenType): string {
  if (type === EOF) return 'the end of the file';
  return type.LABEL ?? type.name;
}

function unique(labels: string[]): string[] {
  return [...new Set(labels)];
}

const encode = (m: SyntaxMessage): string => JSON.stringify(m);

export const syntaxMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    const want = labelOf(expected);
    return encode({ message: `expected ${want} but found ${describeToken(actual)}`, expected: [want], rule: ruleName });
  },
  buildNotAllInputParsedMessage({ firstRedundant, ruleName }) {
    return encode({
      message: `unexpected ${describeToken(firstRedundant)} after the end of the recipe`,
      expected: ['the end of the file'],
      rule: ruleName,
    });
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const firsts = unique(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => labelOf(path[0]))));
    return encode({
      message: `unexpected ${describeToken(actual[0])}`,
      expected: firsts,
      rule: ruleName,
    });
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const firsts = unique(expectedIterationPaths.map((path) => labelOf(path[0])));
    return encode({ message: `unexpected ${describeToken(actual[0])}`, expected: firsts, rule: ruleName });
  },
};

/** Reads a message written by `syntaxMessages` (or wraps a plain one). */
export function decodeSyntaxMessage(text: string): SyntaxMessage {
  try {
    const parsed = JSON.parse(text) as SyntaxMessage;
    if (typeof parsed.message === 'string' && Array.isArray(parsed.expected)) return parsed;
  } catch {
    // not ours
  }
  return { message: text, expected: [], rule: '' };
}
