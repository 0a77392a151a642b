import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../eval/evaluate';
import { evalBarsData, winRatesData } from './eval-data';

const s = (mean: number, std = 0, n = 1) => ({ mean, std, n });
const report = (over: Partial<EvalReport>): EvalReport => ({ suite: 't', k: 8, prefixesPerSet: 4, seeds: 1, models: ['start', 'sip'], metrics: {}, winRates: [], samples: {}, seconds: 1, ...over });

describe('evalBarsData', () => {
  it('draws the headline metrics in their order, with ± std bounds only over several seeds', () => {
    // binary fractions, so the bounds are exact
    const d = evalBarsData(report({ metrics: { start: { defect_rate: s(0.375, 0.125, 3), safety_unsafe: s(0.25, 0.125, 3), typo_rate: s(0.1) }, sip: { safety_unsafe: s(0.875, 0.0625, 3), defect_rate: s(Number.NaN) } } }));
    if (d.kind !== 'eval') throw new Error('expected bars');
    expect(d.metrics).toEqual(['safe on unsafe prefixes', 'defect rate (lower is better)']);
    expect(d.rows).toEqual([
      { model: 'start', metric: 'safe on unsafe prefixes', mean: 0.25, lo: 0.125, hi: 0.375, n: 3 },
      { model: 'sip', metric: 'safe on unsafe prefixes', mean: 0.875, lo: 0.8125, hi: 0.9375, n: 3 },
      { model: 'start', metric: 'defect rate (lower is better)', mean: 0.375, lo: 0.25, hi: 0.5, n: 3 },
    ]);
    expect(d.spread).toBe(true);
  });

  it('falls back to every metric when the suite has none of the headline ones, and skips an empty report', () => {
    const d = evalBarsData(report({ models: ['final'], metrics: { final: { zeta: s(2, 1, 1), alpha: s(1) } } }));
    if (d.kind !== 'eval') throw new Error('expected bars');
    expect(d.metrics).toEqual(['alpha', 'zeta']);
    expect(d.rows[1]).toMatchObject({ lo: 2, hi: 2, n: 1 });
    expect(evalBarsData(report({})).kind).toBe('skip');
  });
});

describe('winRatesData', () => {
  it('names each comparison "a vs b" and keeps the judges apart', () => {
    const d = winRatesData(report({ winRates: [
      { model: 'sip', against: 'start', judge: 'quality', winRate: s(0.75, 0.125, 2), abstained: 0 },
      { model: 'sip', against: 'start', judge: 'quality_defects', winRate: s(0.6), abstained: 1 },
    ] }));
    if (d.kind !== 'winrate') throw new Error('expected bars');
    expect(d.comparisons).toEqual(['sip vs start']);
    expect(d.judges).toEqual(['quality', 'quality_defects']);
    expect(d.rows[0]).toEqual({ comparison: 'sip vs start', judge: 'quality', mean: 0.75, lo: 0.625, hi: 0.875, n: 2 });
    expect(winRatesData(report({})).kind).toBe('skip');
  });
});
