/**
 * Aligns rows of cells into columns two spaces apart. Columns empty in every row are dropped;
 * the last column is not padded.
 */
export function formatTable(rows: readonly (readonly string[])[], indent = ''): string[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const keep = Array.from({ length: width }, (_, i) => rows.some((r) => (r[i] ?? '') !== ''));
  const kept = rows.map((r) => r.filter((_, i) => keep[i]));
  const widths: number[] = [];
  for (const row of kept) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return kept.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}
