import { EVAL_BAR_METRICS } from './eval-data';
import type { LineChartData, Skip } from './plot-data';
import { lineRows, metricNames, seriesOrder, type TaggedRecord } from './series';

/** Suite metrics drawn over training, in this order (the testbed's headline ones). */
export const EVAL_CURVE_METRICS = ['safety_unsafe', 'factuality', 'claim_rate', 'defect_rate'];

const label = (metric: string) => EVAL_BAR_METRICS.find(([m]) => m === metric)?.[1] ?? metric;

/**
 * The in-loop evaluation points (`eval/<metric>` of `eval every N`), one panel per metric and one
 * line per shared phase or arm. Each arm's line starts at the last point of the shared phases (the
 * model it branched from). Suites without the headline metrics show their first six.
 */
export function evalCurveData(records: readonly TaggedRecord[]): LineChartData | Skip {
  const present = metricNames(records, /^eval\//).map((m) => m.slice('eval/'.length));
  if (!present.length) return { kind: 'skip', reason: 'no `eval/<metric>` metric in this run (a recipe with `eval every N`)' };
  const headline = EVAL_CURVE_METRICS.filter((m) => present.includes(m));
  const metrics = headline.length ? headline : present.slice(0, 6);
  const hasEval = (r: TaggedRecord) => metrics.some((m) => Number.isFinite(r.values[`eval/${m}`]));
  const evaluated = records.filter(hasEval);
  const branch = evaluated.filter((r) => r.arm === undefined).at(-1);
  // the first series of each arm (an arm of several phases has one per phase) starts at the branch point
  const firsts = new Map<string, string>();
  for (const r of evaluated) if (r.arm !== undefined && !firsts.has(r.arm)) firsts.set(r.arm, r.series);
  const starts = branch ? [...firsts.values()].map((series) => ({ ...branch, series })) : [];
  const rows = lineRows([...evaluated, ...starts], metrics.map((m) => ({ metric: `eval/${m}`, panel: label(m) })), 1);
  return {
    kind: 'line',
    rows,
    lines: seriesOrder(evaluated),
    lineTitle: 'arm / phase',
    panels: metrics.map(label),
    yTitle: 'value',
  };
}
