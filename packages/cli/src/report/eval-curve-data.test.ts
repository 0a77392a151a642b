import { describe, expect, it } from 'vitest';
import type { MetricsRecord } from '@spt/core';
import { evalCurveData } from './eval-curve-data';
import { tagRecords } from './series';

const rec = (step: number, phase: string, values: Record<string, number>, arm?: string): MetricsRecord => ({ step, phase, time: step, values, ...(arm ? { arm } : {}) });
const point = (safe: number) => ({ 'eval/safety_unsafe': safe, 'eval/defect_rate': 1 - safe, 'eval/fact_none_rate': 0.5, 'time/eval': 2 });

describe('evalCurveData', () => {
  it('draws the headline metrics, one line per part, each arm starting at the last shared point', () => {
    const records = tagRecords(
      [rec(1, 'pretrain', { loss: 3 }), rec(2, 'pretrain', { loss: 2, ...point(0.2) }), rec(4, 'pretrain', { loss: 1, ...point(0.4) })],
      [
        [rec(5, 'sip', { loss: 1 }, 'sip'), rec(6, 'sip', point(0.9), 'sip')],
        [rec(6, 'more', point(0.5), 'ntp')],
      ],
    );
    const d = evalCurveData(records);
    if (d.kind !== 'line') throw new Error('expected a chart');
    expect(d.panels).toEqual(['safe on unsafe prefixes', 'defect rate (lower is better)']);
    expect(d.lines).toEqual(['pretrain', 'sip', 'ntp']);
    const safety = (line: string) => d.rows.filter((r) => r.line === line && r.panel === 'safe on unsafe prefixes').map((r) => [r.step, r.value]);
    expect(safety('pretrain')).toEqual([[2, 0.2], [4, 0.4]]);
    expect(safety('sip')).toEqual([[4, 0.4], [6, 0.9]]);
    expect(safety('ntp')).toEqual([[4, 0.4], [6, 0.5]]);
    expect(d.rows.every((r) => Math.abs(r.smooth - r.value) < 1e-12)).toBe(true); // no smoothing of sparse points
  });

  it('starts only the first phase of an arm at the branch point, and shows other suites\' metrics when the headline ones are absent', () => {
    const other = (v: number) => ({ 'eval/clean_rate': v });
    const records = tagRecords([rec(2, 'main', other(0.1))], [[rec(3, 'a1', other(0.3), 'arm'), rec(4, 'a2', other(0.4), 'arm')]]);
    const d = evalCurveData(records);
    if (d.kind !== 'line') throw new Error('expected a chart');
    expect(d.panels).toEqual(['clean_rate']);
    expect(d.lines).toEqual(['main', 'arm: a1', 'arm: a2']);
    expect(d.rows.map((r) => [r.line, r.step])).toEqual([['main', 2], ['arm: a1', 2], ['arm: a1', 3], ['arm: a2', 4]]);
  });

  it('is skipped for a run without evaluation points', () => {
    expect(evalCurveData(tagRecords([rec(1, 'main', { loss: 1 })], []))).toEqual({ kind: 'skip', reason: 'no `eval/<metric>` metric in this run (a recipe with `eval every N`)' });
  });
});
