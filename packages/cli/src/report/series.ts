import type { MetricsRecord } from '@spt/core';

/** A metrics record tagged with the line it belongs to in the plots (an arm, or a shared phase). */
export interface TaggedRecord extends MetricsRecord {
  /** Legend label: the phase for shared phases, the arm for arms (`arm: phase` when an arm has several). */
  series: string;
}

/** One point of a line chart: `value` is the raw metric, `smooth` its moving average. */
export interface LineRow {
  step: number;
  /** Legend entry (an arm/phase, or a candidate source). */
  line: string;
  /** Small-multiple panel (e.g. an aspect); '' for single-panel charts. */
  panel: string;
  value: number;
  smooth: number;
}

/** Legend label of a record, given how many phases each arm has. */
export function seriesLabel(r: MetricsRecord, phasesPerArm: ReadonlyMap<string, number>): string {
  if (r.arm === undefined) return r.phase;
  return (phasesPerArm.get(r.arm) ?? 1) > 1 ? `${r.arm}: ${r.phase}` : r.arm;
}

/** Tags every record with its series label (shared-phase records first, then each arm's). */
export function tagRecords(shared: readonly MetricsRecord[], arms: ReadonlyArray<readonly MetricsRecord[]>): TaggedRecord[] {
  const all = [...shared, ...arms.flat()];
  const phases = new Map<string, Set<string>>();
  for (const r of all) if (r.arm !== undefined) phases.set(r.arm, (phases.get(r.arm) ?? new Set()).add(r.phase));
  const counts = new Map([...phases].map(([arm, set]) => [arm, set.size]));
  return all.map((r) => ({ ...r, series: seriesLabel(r, counts) }));
}

/** Series labels in order of first appearance (shared phases, then arms in run order). */
export function seriesOrder(records: readonly TaggedRecord[]): string[] {
  return [...new Set(records.map((r) => r.series))];
}

/**
 * Trailing moving average over `window` points (fewer at the start), like pandas
 * `rolling(window, min_periods=1).mean()`. `window <= 1` returns a copy.
 */
export function movingAverage(values: readonly number[], window: number): number[] {
  const w = Math.max(1, Math.floor(window));
  const out: number[] = [];
  let sum = 0;
  values.forEach((v, i) => {
    sum += v;
    if (i >= w) sum -= values[i - w];
    out.push(sum / Math.min(i + 1, w));
  });
  return out;
}

/** Metric names present in any record that match `pattern`, sorted by `order` then by name. */
export function metricNames(records: readonly MetricsRecord[], pattern: RegExp, order: readonly string[] = []): string[] {
  const names = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.values)) if (pattern.test(k)) names.add(k);
  const rank = (n: string) => {
    const i = order.findIndex((o) => n === o || n.endsWith(`/${o}`));
    return i < 0 ? order.length : i;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface LineSpec {
  metric: string;
  /** Panel label for this metric ('' for none). */
  panel?: string;
  /** Legend label; default: the record's series. */
  line?: string;
}

/**
 * Line-chart rows for the given metrics: one line per (series or fixed line label, panel), points
 * in step order, each with its trailing moving average over `smooth` points. Records that lack a
 * metric (or hold a non-finite value) contribute no point to it.
 */
export function lineRows(records: readonly TaggedRecord[], specs: readonly LineSpec[], smooth = 1): LineRow[] {
  const out: LineRow[] = [];
  for (const spec of specs) {
    const byLine = new Map<string, Array<{ step: number; value: number }>>();
    for (const r of records) {
      const v = r.values[spec.metric];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      const line = spec.line ?? r.series;
      const points = byLine.get(line) ?? [];
      points.push({ step: r.step, value: v });
      byLine.set(line, points);
    }
    for (const [line, points] of byLine) {
      points.sort((a, b) => a.step - b.step);
      const avg = movingAverage(points.map((p) => p.value), smooth);
      points.forEach((p, i) => out.push({ step: p.step, line, panel: spec.panel ?? '', value: p.value, smooth: avg[i] }));
    }
  }
  return out;
}

/** Default smoothing window: about 1/25 of the longest line, 1 (none) for short runs. */
export function autoSmooth(records: readonly TaggedRecord[]): number {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.series, (counts.get(r.series) ?? 0) + 1);
  const longest = Math.max(0, ...counts.values());
  return Math.max(1, Math.round(longest / 25));
}

/** Keeps at most `max` points per (line, panel), evenly spaced, always keeping the last one. */
export function thinRows(rows: readonly LineRow[], max: number): LineRow[] {
  const groups = new Map<string, LineRow[]>();
  for (const r of rows) {
    const key = `${r.line}\u0000${r.panel}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out: LineRow[] = [];
  for (const g of groups.values()) {
    if (g.length <= max) {
      out.push(...g);
      continue;
    }
    const stride = Math.ceil(g.length / max);
    g.forEach((r, i) => {
      if (i % stride === 0 || i === g.length - 1) out.push(r);
    });
  }
  return out;
}
