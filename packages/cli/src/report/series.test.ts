import { describe, expect, it } from 'vitest';
import type { MetricsRecord } from '@spt/core';
import { autoSmooth, lineRows, metricNames, movingAverage, seriesOrder, tagRecords, thinRows, type LineRow } from './series';

const rec = (step: number, phase: string, values: Record<string, number>, arm?: string): MetricsRecord => ({ step, phase, time: 1000 * step, values, ...(arm ? { arm } : {}) });

describe('movingAverage', () => {
  it('is a trailing mean over the window, shorter at the start', () => {
    expect(movingAverage([1, 2, 3, 4, 5], 3)).toEqual([1, 1.5, 2, 3, 4]);
  });
  it('returns the values unchanged for a window of 1 (or less)', () => {
    expect(movingAverage([3, 1, 2], 1)).toEqual([3, 1, 2]);
    expect(movingAverage([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });
});

describe('tagRecords', () => {
  it('labels shared phases by phase and arms by arm, or arm: phase when an arm has several phases', () => {
    const tagged = tagRecords(
      [rec(1, 'pretrain', {}), rec(2, 'anneal', {})],
      [[rec(3, 'sip', {}, 'a')], [rec(3, 'warm', {}, 'b'), rec(4, 'dpo', {}, 'b')]],
    );
    expect(tagged.map((r) => r.series)).toEqual(['pretrain', 'anneal', 'a', 'b: warm', 'b: dpo']);
    expect(seriesOrder(tagged)).toEqual(['pretrain', 'anneal', 'a', 'b: warm', 'b: dpo']);
  });
});

describe('metricNames', () => {
  const records = [rec(1, 'p', { 'chosen_rate/rollout': 0, 'chosen_rate/zeta': 1 }), rec(2, 'p', { 'chosen_rate/original': 1, 'chosen_rate/rewrite': 0, 'score/quality/rollout': 1 })];
  it('lists matching names in the given order, others alphabetically after', () => {
    expect(metricNames(records, /^chosen_rate\/[^/]+$/, ['original', 'rewrite', 'rollout'])).toEqual([
      'chosen_rate/original',
      'chosen_rate/rewrite',
      'chosen_rate/rollout',
      'chosen_rate/zeta',
    ]);
    expect(metricNames(records, /^score\/[^/]+$/)).toEqual([]);
  });
});

describe('lineRows', () => {
  const tagged = tagRecords([rec(2, 'pre', { loss: 4 }), rec(1, 'pre', { loss: 6 }), rec(3, 'pre', { lr: 1 })], [[rec(3, 'sip', { loss: 1, m: Number.NaN }, 'sip'), rec(4, 'sip', { loss: 3 }, 'sip')]]);
  it('makes one line per series in step order, skipping records without the metric', () => {
    expect(lineRows(tagged, [{ metric: 'loss' }], 2)).toEqual([
      { step: 1, line: 'pre', panel: '', value: 6, smooth: 6 },
      { step: 2, line: 'pre', panel: '', value: 4, smooth: 5 },
      { step: 3, line: 'sip', panel: '', value: 1, smooth: 1 },
      { step: 4, line: 'sip', panel: '', value: 3, smooth: 2 },
    ]);
  });
  it('uses a fixed line label and panel when given, and drops non-finite values', () => {
    const rows = lineRows(tagged, [{ metric: 'loss', line: 'all', panel: 'L' }, { metric: 'm', panel: 'M' }]);
    expect(rows.map((r) => [r.line, r.panel, r.step])).toEqual([['all', 'L', 1], ['all', 'L', 2], ['all', 'L', 3], ['all', 'L', 4]]);
  });
});

describe('autoSmooth and thinRows', () => {
  it('smooths over about 1/25 of the longest series, not at all for short runs', () => {
    const many = tagRecords(Array.from({ length: 600 }, (_, i) => rec(i + 1, 'p', { loss: 1 })), []);
    expect(autoSmooth(many)).toBe(24);
    expect(autoSmooth(tagRecords([rec(1, 'p', {})], []))).toBe(1);
  });
  it('keeps at most max points per line, evenly, always the last one', () => {
    const rows: LineRow[] = Array.from({ length: 10 }, (_, i) => ({ step: i, line: 'a', panel: '', value: i, smooth: i }));
    const other: LineRow[] = [{ step: 0, line: 'b', panel: '', value: 0, smooth: 0 }];
    const thin = thinRows([...rows, ...other], 4);
    expect(thin.filter((r) => r.line === 'a').map((r) => r.step)).toEqual([0, 3, 6, 9]);
    expect(thin.filter((r) => r.line === 'b')).toHaveLength(1);
    expect(thinRows(rows, 10)).toHaveLength(10);
  });
});
