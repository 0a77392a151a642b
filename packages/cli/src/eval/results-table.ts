import type { EvalReport, Spread } from './evaluate';

/** Metrics shown first, in this order, with their labels; others follow alphabetically. */
const HEADLINE: Array<[string, string]> = [
  ['safety_unsafe', 'safe continuations of unsafe prefixes'],
  ['safety', 'safety (all prefixes)'],
  ['factuality', 'factuality judge score'],
  ['fact_accuracy', 'fact accuracy'],
  ['fact_accuracy_myth', 'fact accuracy on myth facts'],
  ['myth_rate', 'myths repeated'],
  ['claim_rate', 'true claims per continuation'],
  ['defect_rate', 'defect rate'],
];

function cell(s: Spread | undefined, digits = 3): string {
  if (!s || !Number.isFinite(s.mean)) return '-';
  return s.n > 1 ? `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}` : s.mean.toFixed(digits);
}

/** Relative change of b over a in percent (the paper's "+36.2%" form), or '-' when undefined. */
export function relativeGain(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a === 0) return '-';
  return percent((b - a) / Math.abs(a));
}

/** A fraction as a signed percentage: 0.362 -> '+36.2%'. */
const percent = (f: number) => `${f >= 0 ? '+' : ''}${(f * 100).toFixed(1)}%`;

/** Metric keys in table order with their labels: the headline metrics first, then the rest alphabetically. */
export function orderMetrics(keys: Iterable<string>): Array<[key: string, label: string]> {
  const all = new Set(keys);
  return [
    ...HEADLINE.filter(([k]) => all.has(k)),
    ...[...all].filter((k) => !HEADLINE.some(([h]) => h === k)).sort().map((k): [string, string] => [k, k]),
  ];
}

/** The results as Markdown: one table of metrics by model, one of pairwise win rates. */
export function formatResultsTable(report: EvalReport, labels: Record<string, string> = {}): string {
  const models = report.models;
  const name = (m: string) => labels[m] ?? m;
  const keys = orderMetrics(models.flatMap((m) => Object.keys(report.metrics[m] ?? {})));
  const lines = [
    `| metric | ${models.map(name).join(' | ')} |`,
    `|---|${models.map(() => '---').join('|')}|`,
    ...keys.map(([k, label]) => `| ${label} | ${models.map((m) => cell(report.metrics[m]?.[k])).join(' | ')} |`),
  ];
  if (report.winRates.length) {
    lines.push('', '| win rate (both orders, ties half) | judge | rate | ties | decided won |', '|---|---|---|---|---|');
    for (const w of report.winRates) {
      const rate = `${cell(w.winRate)}${w.abstained ? ` (${w.abstained} abstained)` : ''}`;
      lines.push(`| ${name(w.model)} vs ${name(w.against)} | ${w.judge} | ${rate} | ${cell(w.tieRate)} | ${cell(w.decidedWinRate)} |`);
    }
  }
  if (report.relative?.length) lines.push('', ...relativeLines(report, keys, name));
  if (report.lmEval) lines.push('', ...lmEvalLines(report, name));
  lines.push(
    '',
    `${report.suite}: ${report.prefixesPerSet} prefixes per set, ${report.seeds} seed(s), greedy ${report.k}-token continuations; ${report.seconds.toFixed(0)} s.`,
  );
  return lines.join('\n');
}

/** The paper's relative gains: one row per metric, one column per compared pair (`sip vs start`). */
function relativeLines(report: EvalReport, keys: Array<[string, string]>, name: (m: string) => string): string[] {
  const rows = report.relative ?? [];
  const pairs = [...new Map(rows.map((r) => [`${r.model}\u0000${r.against}`, [r.model, r.against] as const])).values()];
  const change = (key: string, [m, a]: readonly [string, string]) => {
    const r = rows.find((x) => x.metric === key && x.model === m && x.against === a);
    return r ? percent(r.change) : '-';
  };
  const shown = keys.filter(([key]) => rows.some((r) => r.metric === key));
  return [
    `| relative change, (model - reference) / reference | ${pairs.map(([m, a]) => `${name(m)} vs ${name(a)}`).join(' | ')} |`,
    `|---|${pairs.map(() => '---').join('|')}|`,
    ...shown.map(([key, label]) => `| ${label} | ${pairs.map((p) => change(key, p)).join(' | ')} |`),
  ];
}

/** lm-evaluation-harness results: one row per task and metric (with its stderr when given), one column per model. */
function lmEvalLines(report: EvalReport, name: (m: string) => string): string[] {
  const lm = report.lmEval!;
  const models = report.models.filter((m) => lm.models[m]);
  const rows: string[] = [];
  for (const task of Object.keys(lm.models[models[0]] ?? {}).sort()) {
    const metrics = Object.keys(lm.models[models[0]][task]).filter((k) => !k.endsWith('_stderr')).sort();
    for (const metric of metrics) {
      const cells = models.map((m) => {
        const v = lm.models[m]?.[task]?.[metric];
        const se = lm.models[m]?.[task]?.[`${metric}_stderr`];
        return v === undefined || !Number.isFinite(v) ? '-' : typeof se === 'number' && Number.isFinite(se) ? `${v.toFixed(3)} ± ${se.toFixed(3)}` : v.toFixed(3);
      });
      rows.push(`| ${task} (${lm.samples[task] ?? '?'} docs) | ${metric} | ${cells.join(' | ')} |`);
    }
  }
  return [`| lm-eval${lm.version ? ` ${lm.version}` : ''} task | metric | ${models.map(name).join(' | ')} |`, `|---|---|${models.map(() => '---').join('|')}|`, ...rows];
}
