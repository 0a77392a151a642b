import type { PoolLogRecord } from '@spt/core';
import { formatTable } from '../format-table';

const num = (x: number | null) => (x === null ? '-' : Number.isInteger(x) ? String(x) : x.toFixed(3));
/** One line of text: newlines shown as ⏎, cut to `max` characters with an ellipsis. */
const oneLine = (text: string, max: number) => {
  const flat = text.replace(/\n/g, '⏎');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/**
 * A judged pool for a terminal: where it came from, the end of the prefix, one row per candidate
 * (mark `>` chosen, `<` rejected; reward and each aspect's score; the text), the verdict counts and
 * abstentions, and with `verdicts` every judgment with the judge's raw answer.
 */
export function formatPool(r: PoolLogRecord, o: { width?: number; verdicts?: boolean } = {}): string {
  const width = o.width ?? 100;
  const aspects = [...new Set(r.candidates.flatMap((c) => Object.keys(c.scores)))];
  const took = r.skipped ? `skipped: ${r.skipped}` : `chosen #${r.chosen}${r.rejected !== undefined ? `, rejected #${r.rejected}` : ''}`;
  const lines = [`step ${r.step} · ${r.arm ? `arm ${r.arm}` : 'shared'} · phase ${r.phase} · pool ${r.pool} · doc ${r.docId} · ${took}`];
  lines.push(`  prefix: …${oneLine(r.prefix.slice(-width), width)}`);
  const rows = [['', '#', 'source', 'reward', ...aspects, 'tokens', 'text']];
  r.candidates.forEach((c, i) => {
    const mark = i === r.chosen ? '>' : i === r.rejected ? '<' : '';
    rows.push([mark, String(i), c.source, num(c.reward), ...aspects.map((a) => num(c.scores[a] ?? null)), String(c.tokens), oneLine(c.text, width)]);
  });
  lines.push(...formatTable(rows, '  '));
  const byAspect = new Map<string, { n: number; abstained: number }>();
  for (const v of r.verdicts) {
    const e = byAspect.get(v.aspect) ?? { n: 0, abstained: 0 };
    e.n++;
    if (v.abstained !== undefined) e.abstained++;
    byAspect.set(v.aspect, e);
  }
  lines.push(`  verdicts: ${[...byAspect].map(([a, e]) => `${a} ${e.n}${e.abstained ? ` (${e.abstained} abstained)` : ''}`).join(', ') || 'none'}`);
  const reasons = [...new Set(r.candidates.flatMap((c) => c.abstentions))];
  if (reasons.length) lines.push(`  abstentions: ${reasons.map((x) => oneLine(x, 80)).join('; ')}`);
  if (o.verdicts) {
    for (const v of r.verdicts) {
      const shown = v.candidates.map((c) => `#${c}`).join(' vs ');
      const what = v.abstained !== undefined ? `abstained: ${v.abstained}` : typeof v.verdict === 'number' ? `score ${num(v.verdict)}` : String(v.verdict);
      lines.push(`    ${v.aspect} ${shown}${v.sample ? ` (sample ${v.sample})` : ''}: ${what}${v.raw !== undefined ? ` | ${oneLine(v.raw, width)}` : ''}`);
    }
  }
  return lines.join('\n');
}
