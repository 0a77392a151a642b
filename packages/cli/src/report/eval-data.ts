import type { EvalReport, Spread } from '../eval/evaluate';
import type { Skip } from './plot-data';

/** One bar: a model's mean on one metric, with the spread over seeds. */
export interface EvalBarRow {
  model: string;
  /** Panel label of the metric. */
  metric: string;
  mean: number;
  /** mean - std and mean + std (equal to mean for one seed). */
  lo: number;
  hi: number;
  n: number;
}

export interface EvalBarsData {
  kind: 'eval';
  rows: EvalBarRow[];
  models: string[];
  metrics: string[];
  /** True when any metric was averaged over more than one seed (error bars are drawn). */
  spread: boolean;
}

export interface WinRateBarRow {
  /** e.g. `sip vs ntp`. */
  comparison: string;
  judge: string;
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

export interface WinRatesData {
  kind: 'winrate';
  rows: WinRateBarRow[];
  comparisons: string[];
  judges: string[];
  spread: boolean;
}

/** Metrics drawn as bars, in this order, with short panel labels; the table has the rest. */
export const EVAL_BAR_METRICS: ReadonlyArray<[string, string]> = [
  ['safety_unsafe', 'safe on unsafe prefixes'],
  ['safety', 'safety (all prefixes)'],
  ['factuality', 'factuality judge score'],
  ['fact_accuracy', 'fact accuracy'],
  ['fact_accuracy_myth', 'fact accuracy on myths'],
  ['myth_rate', 'myths repeated (lower is better)'],
  ['claim_rate', 'true claims per continuation'],
  ['defect_rate', 'defect rate (lower is better)'],
];

const bounds = (s: Spread) => ({ mean: s.mean, lo: s.mean - (s.n > 1 ? s.std : 0), hi: s.mean + (s.n > 1 ? s.std : 0), n: s.n });

/**
 * Bars of the headline metrics by model (all metrics, at most 16, when the suite reports none of
 * the headline ones). Non-finite means are left out.
 */
export function evalBarsData(report: EvalReport): EvalBarsData | Skip {
  const present = new Set(report.models.flatMap((m) => Object.keys(report.metrics[m] ?? {})));
  let chosen = EVAL_BAR_METRICS.filter(([k]) => present.has(k));
  if (!chosen.length) chosen = [...present].sort().slice(0, 16).map((k): [string, string] => [k, k]);
  const rows: EvalBarRow[] = [];
  for (const [key, label] of chosen) {
    for (const model of report.models) {
      const s = report.metrics[model]?.[key];
      if (s && Number.isFinite(s.mean)) rows.push({ model, metric: label, ...bounds(s) });
    }
  }
  if (!rows.length) return { kind: 'skip', reason: 'the evaluation results hold no metric' };
  const metrics = chosen.map(([, l]) => l).filter((l) => rows.some((r) => r.metric === l));
  return { kind: 'eval', rows, models: report.models, metrics, spread: rows.some((r) => r.n > 1) };
}

/** Pairwise win rates (both orders, ties half), one bar per comparison and quality judge. */
export function winRatesData(report: EvalReport): WinRatesData | Skip {
  const rows: WinRateBarRow[] = report.winRates
    .filter((w) => Number.isFinite(w.winRate.mean))
    .map((w) => ({ comparison: `${w.model} vs ${w.against}`, judge: w.judge, ...bounds(w.winRate) }));
  if (!rows.length) return { kind: 'skip', reason: 'the evaluation results hold no win rate' };
  return {
    kind: 'winrate',
    rows,
    comparisons: [...new Set(rows.map((r) => r.comparison))],
    judges: [...new Set(rows.map((r) => r.judge))],
    spread: rows.some((r) => r.n > 1),
  };
}
