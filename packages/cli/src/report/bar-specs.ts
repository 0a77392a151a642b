import type { TopLevelSpec } from 'vega-lite';
import type { EvalBarsData, WinRatesData } from './eval-data';
import { CHART_CONFIG, colorScale } from './line-spec';
import type { TimeChartData } from './time-data';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Fixed colours for the parts of a step, so reports stay comparable. */
const TIME_COLORS: Record<string, string> = { generation: '#4e79a7', judging: '#f28e2b', update: '#59a14f', other: '#bab0ac' };

/** Horizontal stacked bars: mean seconds per step of each series, split into its parts. */
export function timeChartSpec(d: TimeChartData, title: string): TopLevelSpec {
  const y = { field: 'series', type: 'nominal', title: null, sort: d.series } as const;
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: 'mean seconds per step; labels give the total per step' },
    config: CHART_CONFIG,
    data: { values: d.rows },
    width: 520,
    height: { step: 34 },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'seconds', type: 'quantitative', stack: 'zero', title: 'seconds per step' },
          color: { field: 'component', type: 'nominal', title: 'part', scale: { domain: d.components, range: d.components.map((c) => TIME_COLORS[c]) } },
          order: { field: 'order', type: 'quantitative' },
        },
        transform: [{ calculate: `indexof(${JSON.stringify(d.components)}, datum.component)`, as: 'order' }],
      },
      {
        transform: [{ aggregate: [{ op: 'sum', field: 'seconds', as: 'perStep' }], groupby: ['series'] }],
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: { y, x: { field: 'perStep', type: 'quantitative' }, text: { field: 'perStep', type: 'quantitative', format: '.2f' } },
      },
    ],
  } as TopLevelSpec;
}

/** Small multiples, one per metric: a bar per model with its mean (and ± std over seeds). */
export function evalBarsSpec(d: EvalBarsData, title: string): TopLevelSpec {
  const x = { field: 'model', type: 'nominal', title: null, sort: d.models, axis: { labelAngle: 0 } } as const;
  const layer = [
    { mark: { type: 'bar', width: { band: 0.7 } }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: null }, color: { field: 'model', type: 'nominal', legend: null, scale: colorScale(d.models) } } },
    ...(d.spread ? [{ mark: { type: 'rule', color: '#333' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } }] : []),
    { mark: { type: 'text', dy: -6, fontSize: 10 }, encoding: { x, y: { field: d.spread ? 'hi' : 'mean', type: 'quantitative' }, text: { field: 'mean', type: 'quantitative', format: '.2f' } } },
    // invisible marks at max(1, top of the bars): rates keep a 0-1 axis even when all are 0
    { transform: [{ calculate: 'max(1, datum.hi)', as: 'top' }], mark: { type: 'tick', opacity: 0 }, encoding: { x, y: { field: 'top', type: 'quantitative' } } },
  ];
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: d.spread ? 'mean over evaluation seeds, bars ± one standard deviation' : 'one evaluation seed' },
    config: CHART_CONFIG,
    data: { values: d.rows },
    facet: { field: 'metric', type: 'nominal', title: null, sort: d.metrics },
    columns: 4,
    spec: { width: { step: 42 }, height: 130, layer },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** Grouped horizontal bars of win rates per comparison and judge, with the 50% line. */
export function winRatesSpec(d: WinRatesData, title: string): TopLevelSpec {
  const y = { field: 'comparison', type: 'nominal', title: null, sort: d.comparisons } as const;
  const yOffset = { field: 'judge', type: 'nominal', sort: d.judges } as const;
  const x = { field: 'mean', type: 'quantitative', title: 'win rate (both orders, ties count half)', scale: { domain: [0, 1] } } as const;
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: d.spread ? 'mean over evaluation seeds, ± one standard deviation; dashed: 50%' : 'dashed line: 50% (no preference)' },
    config: CHART_CONFIG,
    data: { values: d.rows },
    width: 480,
    height: { step: 18 },
    layer: [
      { mark: { type: 'bar' }, encoding: { y, yOffset, x, color: { field: 'judge', type: 'nominal', title: 'judge', scale: colorScale(d.judges) } } },
      ...(d.spread ? [{ mark: { type: 'rule', color: '#333' }, encoding: { y, yOffset, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } }] : []),
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: { y, yOffset, x: { field: 'hi', type: 'quantitative' }, text: { field: 'mean', type: 'quantitative', format: '.2f' } } },
      { data: { values: [{}] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#666' }, encoding: { x: { datum: 0.5 } } },
    ],
  } as TopLevelSpec;
}
