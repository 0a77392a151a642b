import { describe, expect, it } from 'vitest';
import { relativeChanges } from './relative';

const s = (mean: number) => ({ mean, std: 0, n: 1 });

describe('relativeChanges', () => {
  it('gives (model - against) / against per shared metric, as the paper reports its gains', () => {
    const rows = relativeChanges({ start: { factuality: s(0.5), safety: s(0.8) }, sip: { factuality: s(0.681), safety: s(0.6) } }, [['sip', 'start']]);
    expect(rows.map((r) => [r.metric, Number(r.change.toFixed(3))])).toEqual([
      ['factuality', 0.362],
      ['safety', -0.25],
    ]);
    expect(rows[0]).toMatchObject({ model: 'sip', against: 'start' });
  });

  it('leaves out bookkeeping shares, metrics the reference lacks, a zero or NaN reference', () => {
    const rows = relativeChanges(
      { ntp: { safety: s(0), 'abstained/safety': s(0.1), quality: s(Number.NaN) }, sip: { safety: s(0.5), 'abstained/safety': s(0.2), quality: s(0.4), claims: s(2) } },
      [['sip', 'ntp']],
    );
    expect(rows).toEqual([]);
  });
});
