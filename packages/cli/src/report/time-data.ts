import { seriesOrder, type TaggedRecord } from './series';
import type { Skip } from './plot-data';

/** Mean seconds per step that one series spent in one part of the step. */
export interface TimeRow {
  series: string;
  component: string;
  /** Mean seconds per step. */
  seconds: number;
  /** Seconds summed over the series' steps. */
  total: number;
  steps: number;
}

export interface TimeChartData {
  kind: 'time';
  rows: TimeRow[];
  series: string[];
  components: string[];
}

const PARTS = ['generation', 'judging', 'update'] as const;

/**
 * Where each series' step time went: `time/generation`, `time/judging`, `time/update`, and
 * `other` (the rest of `time/step`: data, windowing, bookkeeping) when the run records it.
 */
export function timeData(records: readonly TaggedRecord[]): TimeChartData | Skip {
  const rows: TimeRow[] = [];
  const used = new Set<string>();
  for (const series of seriesOrder(records)) {
    const rs = records.filter((r) => r.series === series && PARTS.some((p) => Number.isFinite(r.values[`time/${p}`])));
    if (!rs.length) continue;
    const sum = (f: (v: Record<string, number>) => number) => rs.reduce((a, r) => a + f(r.values), 0);
    const part = (v: Record<string, number>, p: string) => (Number.isFinite(v[`time/${p}`]) ? v[`time/${p}`] : 0);
    const totals: Array<[string, number]> = PARTS.map((p) => [p, sum((v) => part(v, p))]);
    if (rs.every((r) => Number.isFinite(r.values['time/step']))) {
      const other = sum((v) => v['time/step'] - PARTS.reduce((a, p) => a + part(v, p), 0));
      // below 0.5% of the step time, "other" is rounding and timer overhead
      if (other > 0.005 * sum((v) => v['time/step'])) totals.push(['other', other]);
    }
    for (const [component, total] of totals) {
      if (total <= 0) continue;
      used.add(component);
      rows.push({ series, component, seconds: total / rs.length, total, steps: rs.length });
    }
  }
  if (!rows.length) return { kind: 'skip', reason: 'no `time/generation`, `time/judging` or `time/update` metric in this run' };
  return {
    kind: 'time',
    rows,
    series: [...new Set(rows.map((r) => r.series))],
    components: [...PARTS, 'other'].filter((c) => used.has(c)),
  };
}
