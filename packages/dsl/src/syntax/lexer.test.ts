import { describe, expect, it } from 'vitest';
import { lex, MAX_NESTING } from './lexer';

const kinds = (text: string) => lex(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lex', () => {
  it('reads numbers (with exponents and _ separators), durations, ranges and strings', () => {
    expect(kinds('3e-4 1_000 0.5 2.5E+3 30s 500ms 1.5h 2m 32..192 "a \\"b\\""')).toEqual([
      'NumberLiteral:3e-4',
      'NumberLiteral:1_000',
      'NumberLiteral:0.5',
      'NumberLiteral:2.5E+3',
      'Duration:30s',
      'Duration:500ms',
      'Duration:1.5h',
      'Duration:2m',
      'NumberLiteral:32',
      'DotDot:..',
      'NumberLiteral:192',
      'StringLiteral:"a \\"b\\""',
    ]);
  });

  it('tells keywords from names that start with one, and keeps dotted plugin names whole', () => {
    expect(kinds('data dataset tfjs.gpt testbed.quality_defects rollouts original_x if iffy')).toEqual([
      'Data:data',
      'Identifier:dataset',
      'Identifier:tfjs.gpt',
      'Identifier:testbed.quality_defects',
      'Rollouts:rollouts',
      'Identifier:original_x',
      'If:if',
      'Identifier:iffy',
    ]);
  });

  it('reads operators and arrows', () => {
    expect(kinds('a <= b >= c == d != e < f > g = h + - * / -> ..')).toEqual(
      expect.arrayContaining(['LessEq:<=', 'GreaterEq:>=', 'EqEq:==', 'NotEq:!=', 'Less:<', 'Greater:>', 'Equals:=', 'Arrow:->', 'DotDot:..']),
    );
  });

  it('ignores a byte-order mark and Windows line ends', () => {
    const r = lex('\uFEFFrecipe r {\r\n  data d # c\r\n}');
    expect(r.diagnostics).toEqual([]);
    expect(r.tokens.map((t) => `${t.image}@${t.startLine}:${t.startColumn}`)).toEqual(['recipe@1:2', 'r@1:9', '{@1:11', 'data@2:3', 'd@2:8', '}@3:1']);
    expect(r.comments.map((t) => t.image)).toEqual(['# c']);
  });

  it('keeps comments apart from tokens', () => {
    const r = lex('a # one\n// two\nb');
    expect(r.tokens.map((t) => t.image)).toEqual(['a', 'b']);
    expect(r.comments.map((t) => t.image)).toEqual(['# one', '// two']);
  });

  it('reports unexpected characters and unclosed strings, and parses on', () => {
    const r = lex('a @ b "open\nc');
    expect(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`)).toEqual([
      '1:3 syntax.character: unexpected character "@"',
      '1:7 syntax.string: this string has no closing quote',
    ]);
    expect(r.tokens.map((t) => t.tokenType.name)).toEqual(['Identifier', 'Identifier', 'StringLiteral', 'Identifier']);
  });

  it(`refuses nesting deeper than ${MAX_NESTING} (brackets or chained unary operators) before parsing`, () => {
    expect(lex(`${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}`).parsable).toBe(true);
    const deep = lex(`${'{'.repeat(MAX_NESTING + 1)}`);
    expect(deep.parsable).toBe(false);
    expect(deep.diagnostics[0].message).toBe(`nesting deeper than ${MAX_NESTING} levels`);
    expect(lex(`reward = ${'- '.repeat(MAX_NESTING + 1)}1`).parsable).toBe(false);
  });
});
