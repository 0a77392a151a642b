import { describe, expect, it } from 'vitest';
import { compileToy, edit } from '../__fixtures__/helpers';
import { formatDiagnostics } from './format-diagnostics';

describe('formatDiagnostics', () => {
  it('prints file:line:col, the line, a caret under the offending text, expected and fix', () => {
    const text = edit('policy toy.gpt', 'policy toy.gtp');
    expect(formatDiagnostics(compileToy(text).diagnostics, text, 'recipes/toy.spt')).toBe(
      [
        'recipes/toy.spt:3:10: error plugin.unknown: unknown policy plugin "toy.gtp"',
        '  3 |   policy toy.gtp { layers: 2, context: 256 }',
        '    |          ^^^^^^^',
        '  expected: one of: toy.gpt',
        '  fix: did you mean "toy.gpt"?',
      ].join('\n'),
    );
  });

  it('separates several diagnostics with a blank line and lines up tabs and wide line numbers', () => {
    const text = `recipe r {\n\tdata d { a 1 }\n${'\n'.repeat(8)}\tpolicy p\n}`;
    const out = formatDiagnostics(
      [
        { severity: 'error', code: 'x.one', message: 'first', range: { start: { line: 2, column: 13, offset: 23 }, end: { line: 2, column: 14, offset: 24 } } },
        { severity: 'warning', code: 'x.two', message: 'second', range: { start: { line: 11, column: 2, offset: 0 }, end: { line: 11, column: 8, offset: 0 } } },
      ],
      text,
      'r.spt',
    );
    expect(out).toBe(
      ['r.spt:2:13: error x.one: first', '  2 |   data d { a 1 }', `    | ${' '.repeat(13)}^`, '', 'r.spt:11:2: warning x.two: second', '  11 |   policy p', '     |   ^^^^^^'].join('\n'),
    );
  });

  it('marks the end of the file with one caret', () => {
    const text = 'recipe r {';
    const out = formatDiagnostics(compileToy(text).diagnostics, text, 'r.spt');
    expect(out.split('\n').slice(0, 3)).toEqual(["r.spt:1:11: error syntax.expected: expected '}' but found the end of the file", '  1 | recipe r {', '    |           ^']);
  });
});
