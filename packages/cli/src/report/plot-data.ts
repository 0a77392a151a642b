import { lineRows, metricNames, seriesOrder, type LineRow, type LineSpec, type TaggedRecord } from './series';

/** Rows for a line chart plus what the chart needs to label them. */
export interface LineChartData {
  kind: 'line';
  rows: LineRow[];
  /** Legend entries in order. */
  lines: string[];
  /** Legend title. */
  lineTitle: string;
  /** Panels in order ([''] for one panel). */
  panels: string[];
  yTitle: string;
  /** Fixed y range (rates), else fitted to the data. */
  yDomain?: [number, number];
}

/** A plot that cannot be drawn for this run, and why (shown in the report). */
export interface Skip {
  kind: 'skip';
  reason: string;
}

/** Candidate sources in the paper's order; others follow alphabetically. */
export const SOURCE_ORDER = ['original', 'rewrite', 'rollout'];

const skip = (metrics: string): Skip => ({ kind: 'skip', reason: `no ${metrics} metric in this run` });
const tail = (metric: string) => metric.slice(metric.indexOf('/') + 1);

/** Series that hold at least one of `metrics`, in run order. */
function seriesWith(records: readonly TaggedRecord[], metrics: readonly string[]): string[] {
  const has = new Set(records.filter((r) => metrics.some((m) => Number.isFinite(r.values[m]))).map((r) => r.series));
  return seriesOrder(records).filter((s) => has.has(s));
}

/** One line per source, one panel per series (a single unnamed panel when only one series has them). */
function bySource(records: readonly TaggedRecord[], metrics: string[], smooth: number): LineRow[] {
  const series = seriesWith(records, metrics);
  return series.flatMap((s) => {
    const specs: LineSpec[] = metrics.map((m) => ({ metric: m, line: tail(m), panel: series.length > 1 ? s : '' }));
    return lineRows(records.filter((r) => r.series === s), specs, smooth);
  });
}

/** Training loss of every phase and arm (each phase's own objective: NTP cross-entropy, DPO, ...). */
export function lossData(records: readonly TaggedRecord[], smooth: number): LineChartData | Skip {
  const rows = lineRows(records, [{ metric: 'loss' }], smooth);
  if (!rows.length) return skip('`loss`');
  return { kind: 'line', rows, lines: seriesWith(records, ['loss']), lineTitle: 'arm / phase', panels: [''], yTitle: 'loss' };
}

/** One line per candidate source of the metrics matching `pattern`, one panel per series. */
function perSourceData(records: readonly TaggedRecord[], pattern: RegExp, label: string, smooth: number, yTitle: string, yDomain?: [number, number]): LineChartData | Skip {
  const metrics = metricNames(records, pattern, SOURCE_ORDER);
  if (!metrics.length) return skip(label);
  const series = seriesWith(records, metrics);
  return {
    kind: 'line',
    rows: bySource(records, metrics, smooth),
    lines: metrics.map(tail),
    lineTitle: 'source',
    panels: series.length > 1 ? series : [''],
    yTitle,
    ...(yDomain ? { yDomain } : {}),
  };
}

/** The share of chosen texts that came from each candidate source (the paper's Figure 8). */
export function chosenRateData(records: readonly TaggedRecord[], smooth: number): LineChartData | Skip {
  return perSourceData(records, /^chosen_rate\/[^/]+$/, '`chosen_rate/<source>`', smooth, 'chosen rate', [0, 1]);
}

/** Per source, the share of pools whose top reward only that source reaches (no tie-breaks). */
export function soleBestData(records: readonly TaggedRecord[], smooth: number): LineChartData | Skip {
  return perSourceData(records, /^sole_best_rate\/[^/]+$/, '`sole_best_rate/<source>`', smooth, 'sole best rate', [0, 1]);
}

/** Mean judge score per aspect (`score/<aspect>`) and the mean summed reward, one line per series. */
export function rewardAspectData(records: readonly TaggedRecord[], smooth: number): LineChartData | Skip {
  const metrics = [...metricNames(records, /^score\/[^/]+$/), ...metricNames(records, /^reward\/mean$/)];
  if (!metrics.length) return skip('`score/<aspect>` or `reward/mean`');
  const panel = (m: string) => (m === 'reward/mean' ? 'reward (sum of aspects)' : tail(m));
  return {
    kind: 'line',
    rows: lineRows(records, metrics.map((m) => ({ metric: m, panel: panel(m) })), smooth),
    lines: seriesWith(records, metrics),
    lineTitle: 'arm / phase',
    panels: metrics.map(panel),
    yTitle: 'mean over candidates',
  };
}

/** Mean reward of the candidates from each source (`reward/<source>`). */
export function rewardSourceData(records: readonly TaggedRecord[], smooth: number): LineChartData | Skip {
  return perSourceData(records, /^reward\/(?!mean$)[^/]+$/, '`reward/<source>`', smooth, 'mean reward');
}

/** DPO margin (chosen minus rejected log-ratio against the reference, in nats) and pair accuracy (share of margins > 0). */
export function dpoData(records: readonly TaggedRecord[], smooth: number): LineChartData | Skip {
  const metrics = ['update/dpo_margin', 'update/dpo_accuracy'].filter((m) => records.some((r) => Number.isFinite(r.values[m])));
  if (!metrics.length) return skip('`update/dpo_margin` or `update/dpo_accuracy`');
  return {
    kind: 'line',
    rows: lineRows(records, metrics.map((m) => ({ metric: m, panel: tail(m) })), smooth),
    lines: seriesWith(records, metrics),
    lineTitle: 'arm / phase',
    panels: metrics.map(tail),
    yTitle: 'value',
  };
}
