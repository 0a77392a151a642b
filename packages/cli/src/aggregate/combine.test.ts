import { describe, expect, it } from 'vitest';
import type { EvalReport } from '../eval/evaluate';
import { combineRuns } from './combine';

/** A results.json as `spt eval` writes it: metrics[model][metric] = one run's mean (null = NaN). */
function report(metrics: Record<string, Record<string, number | null>>, winRates: Array<[string, string, string, number]> = [], over: Partial<EvalReport> = {}): EvalReport {
  return {
    suite: 'toy.eval',
    k: 8,
    prefixesPerSet: 4,
    seeds: 1,
    models: Object.keys(metrics),
    metrics: Object.fromEntries(Object.entries(metrics).map(([m, ks]) => [m, Object.fromEntries(Object.entries(ks).map(([k, v]) => [k, { mean: v as number, std: 0.5, n: 1 }]))])),
    winRates: winRates.map(([model, against, judge, mean]) => ({ model, against, judge, winRate: { mean, std: 0, n: 1 }, abstained: 0 })),
    samples: {},
    seconds: 1,
    ...over,
  };
}

describe('combineRuns', () => {
  it('takes mean and sample std over runs of each run mean, ignoring the within-run std', () => {
    const c = combineRuns([
      { label: 'a', report: report({ sip: { f: 0.2 } }, [['sip', 'ntp', 'quality', 0.6]]) },
      { label: 'b', report: report({ sip: { f: 0.4 } }, [['sip', 'ntp', 'quality', 0.8]]) },
      { label: 'c', report: report({ sip: { f: 0.6 } }, [['sip', 'ntp', 'quality', 1.0]]) },
    ]);
    expect(c.runs).toEqual(['a', 'b', 'c']);
    expect(c.metrics.sip.f.mean).toBeCloseTo(0.4, 12);
    expect(c.metrics.sip.f.std).toBeCloseTo(0.2, 12);
    expect(c.metrics.sip.f.n).toBe(3);
    // ntp is not a model of these runs: its win-rate row is left out with it.
    expect(c.winRates).toEqual([]);
  });

  it('keeps the models common to all runs and says which runs had the others', () => {
    const c = combineRuns([
      { label: 'a', report: report({ start: { f: 1 }, sip: { f: 2 }, ntp: { f: 3 } }, [['sip', 'ntp', 'q', 0.7], ['extra', 'start', 'q', 0.1]]) },
      { label: 'b', report: report({ start: { f: 1 }, sip: { f: 4 }, ntp: { f: 3 }, extra: { f: 9 } }, [['sip', 'ntp', 'q', 0.9], ['extra', 'start', 'q', 0.3]]) },
    ]);
    expect(c.models).toEqual(['start', 'sip', 'ntp']);
    expect(c.dropped).toEqual([{ model: 'extra', in: ['b'] }]);
    expect(c.metrics.extra).toBeUndefined();
    expect(c.metrics.sip.f).toEqual({ mean: 3, std: Math.SQRT2, n: 2 });
    expect(c.winRates).toEqual([{ model: 'sip', against: 'ntp', judge: 'q', winRate: { mean: 0.8, std: expect.closeTo(Math.SQRT2 / 10, 12), n: 2 } }]);
  });

  it('combines tie shares and decided win rates where runs report them', () => {
    const withTies = (mean: number, ties: number, decided: number) => {
      const r = report({ sip: { f: 1 }, ntp: { f: 1 } }, [['sip', 'ntp', 'q', mean]]);
      r.winRates[0] = { ...r.winRates[0], tieRate: { mean: ties, std: 0, n: 1 }, decidedWinRate: { mean: decided, std: 0, n: 1 } };
      return r;
    };
    const c = combineRuns([
      { label: 'a', report: withTies(0.7, 0.2, 0.75) },
      { label: 'b', report: withTies(0.8, 0.4, 1) },
      { label: 'c', report: report({ sip: { f: 1 }, ntp: { f: 1 } }, [['sip', 'ntp', 'q', 0.9]]) },
    ]);
    expect(c.winRates[0].winRate.n).toBe(3);
    expect(c.winRates[0].tieRate).toEqual({ mean: expect.closeTo(0.3, 12), std: expect.closeTo(Math.SQRT2 / 10, 12), n: 2 });
    expect(c.winRates[0].decidedWinRate?.mean).toBeCloseTo(0.875, 12);
  });

  it('counts only runs with a value: a metric missing in a run or null (NaN) lowers n', () => {
    const c = combineRuns([
      { label: 'a', report: report({ sip: { f: 0.5, g: 1, h: null } }) },
      { label: 'b', report: report({ sip: { f: 0.7, h: null } }) },
      { label: 'c', report: report({ sip: { f: null, g: 3, h: null } }) },
    ]);
    expect(c.metrics.sip.f).toEqual({ mean: 0.6, std: expect.closeTo(Math.SQRT2 / 10, 12), n: 2 });
    expect(c.metrics.sip.g).toEqual({ mean: 2, std: Math.SQRT2, n: 2 });
    expect(c.metrics.sip.h).toBeUndefined();
  });

  it('one run gives std 0 and n 1', () => {
    const c = combineRuns([{ label: 'only', report: report({ sip: { f: 0.25 } }) }]);
    expect(c.metrics.sip.f).toEqual({ mean: 0.25, std: 0, n: 1 });
  });

  it('groups runs by evaluation settings', () => {
    const c = combineRuns([
      { label: 'a', report: report({ sip: { f: 1 } }) },
      { label: 'b', report: report({ sip: { f: 1 } }, [], { prefixesPerSet: 64, seeds: 3 }) },
      { label: 'c', report: report({ sip: { f: 1 } }) },
    ]);
    expect(c.settings).toEqual([
      { setting: 'toy.eval, 4 prefixes per set, 1 evaluation seed(s), 8-token continuations', runs: ['a', 'c'] },
      { setting: 'toy.eval, 64 prefixes per set, 3 evaluation seed(s), 8-token continuations', runs: ['b'] },
    ]);
  });
});
