import type { Spread } from '../eval/evaluate';
import { orderMetrics } from '../eval/results-table';
import type { Combined } from './combine';
import type { PaperForm } from './paper-form';

const num = (x: number, digits = 3) => x.toFixed(digits);
const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** A table row: a label and one spread (or `blank`) per model column; n is the runs behind each. */
function row(label: string, cells: Array<Spread | undefined>, blank: string): string {
  const ns = cells.filter((s): s is Spread => s !== undefined).map((s) => s.n);
  const most = ns.length ? Math.max(...ns) : 0;
  const cell = (s: Spread | undefined) => {
    if (!s) return blank;
    const text = s.n > 1 ? `${num(s.mean)} ± ${num(s.std)}` : num(s.mean);
    return s.n < most ? `${text} (n=${s.n})` : text;
  };
  return `| ${label} | ${cells.map(cell).join(' | ')} | ${most} |`;
}

/** The combined table: every metric (headline metrics first), then every win-rate row in its model's column. */
export function formatCombinedTable(c: Combined): string {
  const models = c.models;
  const lines = [`| metric | ${models.join(' | ')} | n |`, `|---|${models.map(() => '---|').join('')}---|`];
  for (const [key] of orderMetrics(models.flatMap((m) => Object.keys(c.metrics[m] ?? {})))) {
    lines.push(row(key, models.map((m) => c.metrics[m]?.[key]), '-'));
  }
  for (const w of c.winRates) {
    const inColumn = (x: Spread | undefined) => models.map((m) => (m === w.model ? x : undefined));
    lines.push(row(`win rate ${w.model} vs ${w.against} (${w.judge})`, inColumn(w.winRate), ''));
    if (w.tieRate) lines.push(row(`ties ${w.model} vs ${w.against} (${w.judge})`, inColumn(w.tieRate), ''));
    if (w.decidedWinRate) lines.push(row(`decided won ${w.model} vs ${w.against} (${w.judge})`, inColumn(w.decidedWinRate), ''));
  }
  return lines.join('\n');
}

/** The paper-form block: relative changes of sip over ntp and the target checks. */
export function formatPaperForm(p: PaperForm | undefined, c: Combined): string {
  const out = ['## Paper form: sip vs ntp', ''];
  if (!p) {
    out.push(`Not computed: it needs the models \`sip\` and \`ntp\` in every run (common models: ${c.models.join(', ') || 'none'}).`);
    return out.join('\n');
  }
  out.push(`From the means over ${c.runs.length} run(s).`, '');
  if (p.relative.length) {
    out.push('| metric | sip | ntp | (sip - ntp) / ntp | paper |', '|---|---|---|---|---|');
    for (const r of p.relative) out.push(`| ${r.metric} | ${num(r.sip)} | ${num(r.ntp)} | ${pct(r.change)} | ${pct(r.paper)} |`);
    out.push('');
  }
  if (p.checks.length) {
    out.push('| target | sip side | bound | result |', '|---|---|---|---|');
    for (const k of p.checks) out.push(`| ${k.check} | ${num(k.value)} | ${num(k.bound)} | ${k.pass ? 'pass' : 'fail'} |`);
    out.push('');
  }
  if (p.skipped.length) {
    out.push('Skipped (input missing):', '', ...p.skipped.map((s) => `- ${s.check}: ${s.reason}`), '');
  }
  out.push(`${p.checks.filter((k) => k.pass).length} of ${p.checks.length} checked targets pass.`);
  return out.join('\n');
}

/**
 * The whole `spt aggregate` Markdown: the runs (with their training seeds where seed.json says),
 * the evaluation settings, dropped models, the combined table and the paper form.
 */
export function formatAggregate(c: Combined, p: PaperForm | undefined, runs: ReadonlyArray<{ label: string; seed?: number }>): string {
  const out = [`# Aggregate over ${runs.length} run(s)`, ''];
  out.push(`Runs: ${runs.map((r) => `\`${r.label}\`${r.seed === undefined ? '' : ` (seed ${r.seed})`}`).join(', ')}.`);
  out.push('Each cell: mean ± sample standard deviation over runs of each run\'s evaluation mean; n: runs with a value.');
  if (c.settings.length === 1) out.push(`Evaluation: ${c.settings[0].setting}.`);
  else {
    out.push('', 'The runs were evaluated differently:', '', ...c.settings.map((s) => `- ${s.setting}: ${s.runs.map((r) => `\`${r}\``).join(', ')}`));
  }
  if (c.dropped.length) {
    out.push('', `Left out (not evaluated in every run): ${c.dropped.map((d) => `\`${d.model}\` (only in ${d.in.map((r) => `\`${r}\``).join(', ')})`).join('; ')}.`);
  }
  out.push('', formatCombinedTable(c), '', formatPaperForm(p, c));
  return `${out.join('\n')}\n`;
}
