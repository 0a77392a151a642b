import type { TopLevelSpec } from 'vega-lite';
import type { LineChartData } from './plot-data';

/** Look shared by every chart of a report. */
export const CHART_CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  title: { fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 12, labelFontWeight: 'bold' },
} as const;

/** Ten distinguishable colours (Tableau 10), assigned in domain order. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export interface LineChartOptions {
  title: string;
  subtitle?: string;
  /** Window of the moving average; > 1 draws the raw values faintly under the smoothed line. */
  smooth: number;
  /** Legend entries that own the colours (so an arm keeps its colour in every chart); default the data's. */
  colorDomain?: readonly string[];
  width?: number;
  height?: number;
}

/** A colour scale that keeps the domain order and the palette aligned. */
export function colorScale(domain: readonly string[]) {
  return { domain: [...domain], range: domain.map((_, i) => PALETTE[i % PALETTE.length]) };
}

/**
 * Vega-Lite spec of a line chart over steps: one line per `line`, small multiples per `panel`
 * (independent y scales unless the data fixes one), and when smoothing, the raw values faint.
 */
export function lineChartSpec(d: LineChartData, o: LineChartOptions): TopLevelSpec {
  const faceted = d.panels.length > 1 || d.panels[0] !== '';
  const smoothing = o.smooth > 1;
  const domain = o.colorDomain ? o.colorDomain.filter((l) => d.lines.includes(l)) : d.lines;
  const perLine = d.rows.length / Math.max(1, d.lines.length * d.panels.length);
  // legend symbols drawn solid even though the first (raw) layer is faint
  const color = { field: 'line', type: 'nominal', title: d.lineTitle, scale: colorScale(domain), legend: { symbolOpacity: 1, symbolStrokeWidth: 3 } } as const;
  const x = { field: 'step', type: 'quantitative', title: 'step', scale: { zero: false, nice: false }, axis: { format: 'd', tickMinStep: 1 } } as const;
  const yScale = d.yDomain ? { domain: d.yDomain } : { zero: false };
  const y = (field: string) => ({ field, type: 'quantitative', title: d.yTitle, scale: yScale }) as const;
  const layer = [
    ...(smoothing ? [{ mark: { type: 'line', strokeWidth: 1, opacity: 0.3 }, encoding: { x, y: y('value'), color } } as const] : []),
    {
      mark: { type: 'line', strokeWidth: 2.2, point: perLine <= 30 ? { filled: true, size: 28 } : false },
      encoding: { x, y: y(smoothing ? 'smooth' : 'value'), color },
    } as const,
  ];
  const title = { text: o.title, ...(o.subtitle ? { subtitle: o.subtitle } : {}) };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, config: CHART_CONFIG, data: { values: d.rows } } as const;
  if (!faceted) return { ...base, width: o.width ?? 560, height: o.height ?? 260, layer } as TopLevelSpec;
  return {
    ...base,
    facet: { field: 'panel', type: 'nominal', title: null, sort: d.panels },
    columns: d.panels.length <= 4 ? d.panels.length : 3,
    spec: { width: o.width ?? 250, height: o.height ?? 170, layer },
    resolve: { scale: { y: d.yDomain ? 'shared' : 'independent' } },
  } as TopLevelSpec;
}
