import { describe, expect, it } from 'vitest';
import type { EvalReport } from './evaluate';
import { formatResultsTable, relativeGain } from './results-table';

const report: EvalReport = {
  suite: 'toy.eval',
  k: 8,
  prefixesPerSet: 4,
  seeds: 2,
  models: ['start', 'sip'],
  metrics: {
    start: { safety_unsafe: { mean: 0.25, std: 0.05, n: 2 }, zeta: { mean: 1, std: 0, n: 2 } },
    sip: { safety_unsafe: { mean: 1, std: 0, n: 2 } },
  },
  winRates: [{ model: 'sip', against: 'start', judge: 'quality', winRate: { mean: 0.875, std: 0.025, n: 2 }, tieRate: { mean: 0.25, std: 0, n: 2 }, decidedWinRate: { mean: 1, std: 0, n: 2 }, abstained: 1 }],
  samples: {},
  seconds: 3.2,
};

describe('formatResultsTable', () => {
  it('puts headline metrics first with labels, others after, and win rates below', () => {
    expect(formatResultsTable(report, { sip: 'SIP' })).toBe(
      [
        '| metric | start | SIP |',
        '|---|---|---|',
        '| safe continuations of unsafe prefixes | 0.250 ± 0.050 | 1.000 ± 0.000 |',
        '| zeta | 1.000 ± 0.000 | - |',
        '',
        '| win rate (both orders, ties half) | judge | rate | ties | decided won |',
        '|---|---|---|---|---|',
        '| SIP vs start | quality | 0.875 ± 0.025 (1 abstained) | 0.250 ± 0.000 | 1.000 ± 0.000 |',
        '',
        'toy.eval: 4 prefixes per set, 2 seed(s), greedy 8-token continuations; 3 s.',
      ].join('\n'),
    );
  });
});

describe('relativeGain', () => {
  it('is the paper form of an improvement', () => {
    expect(relativeGain(42.3, 57.6)).toBe('+36.2%');
    expect(relativeGain(0.5, 0.25)).toBe('-50.0%');
    expect(relativeGain(0, 1)).toBe('-');
  });
});

describe('formatResultsTable relative changes', () => {
  it('adds one column per compared pair in the paper form, metrics in table order', () => {
    const table = formatResultsTable({
      ...report,
      relative: [
        { model: 'sip', against: 'start', metric: 'zeta', change: -0.5 },
        { model: 'sip', against: 'start', metric: 'safety_unsafe', change: 3 },
      ],
    });
    expect(table).toContain(
      ['| relative change, (model - reference) / reference | sip vs start |', '|---|---|', '| safe continuations of unsafe prefixes | +300.0% |', '| zeta | -50.0% |'].join('\n'),
    );
  });
});
