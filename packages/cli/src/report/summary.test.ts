import { describe, expect, it } from 'vitest';
import type { MetricsRecord } from '@spt/core';
import { tagRecords } from './series';
import { formatDuration, formatSummary, runSummary, wallSeconds } from './summary';

const rec = (step: number, phase: string, time: number, values: Record<string, number>, arm?: string): MetricsRecord => ({ step, phase, time, values, ...(arm ? { arm } : {}) });

describe('runSummary', () => {
  const records = tagRecords(
    [rec(1, 'pre', 10_000, { loss: 5, 'time/step': 2 }), rec(2, 'pre', 12_000, { loss: 4 }), rec(3, 'pre', 14_000, { loss: 3.5 })],
    [[rec(4, 'sip', 20_000, { loss: 0.7, 'reward/mean': 2, 'time/step': 5 }, 'sip'), rec(5, 'sip', 25_000, { loss: 0.5, 'reward/mean': 2.5 }, 'sip')]],
  );

  it('gives steps, range, wall time from the timestamps plus the first step, and final loss and reward', () => {
    const [pre, sip] = runSummary(records);
    expect(pre).toEqual({ series: 'pre', phases: ['pre'], steps: 3, firstStep: 1, lastStep: 3, seconds: 6, finalLoss: 3.5, tailLoss: 3.5, tailReward: undefined, tailSteps: 1 });
    expect(sip).toMatchObject({ series: 'sip', steps: 2, seconds: 10, finalLoss: 0.5, tailReward: 2.5 });
    expect(wallSeconds(records)).toBe(17);
  });

  it('counts steps, not records: an evaluation record of its own (data ran out) repeats its step', () => {
    const withPoint = tagRecords([...records.slice(0, 3), rec(3, 'pre', 15_000, { 'eval/safety': 0.5, 'time/eval': 1 })], []);
    expect(runSummary(withPoint)[0]).toMatchObject({ steps: 3, lastStep: 3, finalLoss: 3.5 });
  });

  it('formats a table with a reward column only when a series was judged, and the totals', () => {
    const text = formatSummary(runSummary(records), records);
    expect(text.split('\n').slice(0, 4)).toEqual([
      '| arm / phase | phases | steps | step range | wall time | last loss | loss (last steps) | reward (last steps) |',
      '|---|---|---|---|---|---|---|---|',
      '| pre | pre | 3 | 1-3 | 6.0 s | 3.5000 | 3.5000 (1) | - |',
      '| sip | sip | 2 | 4-5 | 10.0 s | 0.5000 | 0.5000 (1) | 2.500 (1) |',
    ]);
    expect(text).toContain('5 steps in all; wall time 17.0 s');
    const ntp = tagRecords([rec(1, 'pre', 0, { loss: 1 })], []);
    expect(formatSummary(runSummary(ntp), ntp)).not.toContain('reward');
  });
});

describe('formatDuration', () => {
  it('reads as seconds, minutes or hours', () => {
    expect([formatDuration(42.14), formatDuration(185), formatDuration(3725)]).toEqual(['42.1 s', '3 min 05 s', '1 h 02 min']);
  });
});
