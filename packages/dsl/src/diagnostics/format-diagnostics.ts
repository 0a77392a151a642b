import type { Diagnostic } from './diagnostic';

/** Tabs in the source line become spaces so the caret lines up. */
function expandTabs(line: string): string {
  return line.replace(/\t/g, '  ');
}

/**
 * Renders diagnostics for a terminal, one block each:
 *
 *   recipe.spt:4:10: error plugin.unknown: unknown policy plugin "tfjs.gtp"
 *     4 |   policy tfjs.gtp { layers: 4 }
 *       |          ^^^^^^^^
 *     expected: one of: tfjs.gpt
 *     fix: did you mean "tfjs.gpt"?
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], text: string, file = '<recipe>'): string {
  const lines = text.split(/\r?\n/);
  return diagnostics.map((d) => formatOne(d, lines, file)).join('\n\n');
}

function formatOne(d: Diagnostic, lines: readonly string[], file: string): string {
  const { line, column } = d.range.start;
  const out = [`${file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`];
  const source = lines[line - 1];
  if (source !== undefined) {
    const gutter = String(line);
    const pad = ' '.repeat(gutter.length);
    const before = expandTabs(source.slice(0, column - 1));
    const sameLine = d.range.end.line === line;
    const endColumn = sameLine ? d.range.end.column : source.length + 1;
    const width = Math.max(1, expandTabs(source.slice(column - 1, endColumn - 1)).length);
    out.push(`  ${gutter} | ${expandTabs(source)}`);
    out.push(`  ${pad} | ${' '.repeat(before.length)}${'^'.repeat(width)}`);
  }
  if (d.expected) out.push(`  expected: ${d.expected}`);
  if (d.fix) out.push(`  fix: ${d.fix}`);
  return out.join('\n');
}
