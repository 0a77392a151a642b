import { describe, expect, it } from 'vitest';
import type { MetricsRecord } from '@spt/core';
import { chosenRateData, dpoData, lossData, rewardAspectData, rewardSourceData } from './plot-data';
import { tagRecords } from './series';
import { timeData } from './time-data';

const rec = (step: number, phase: string, values: Record<string, number>, arm?: string): MetricsRecord => ({ step, phase, time: 1000 * step, values, ...(arm ? { arm } : {}) });
const sipStep = (step: number, rollout: number, arm = 'sip') =>
  rec(step, 'sip', { loss: 0.7, 'chosen_rate/rollout': rollout, 'chosen_rate/original': 1 - rollout, 'score/quality': 0.5, 'score/quality/rollout': 0.4, 'score/safety': 0.9, 'reward/mean': 1.4, 'reward/rollout': 1.2, 'reward/original': 1.6, 'update/dpo_margin': step / 10 }, arm);
const ntpOnly = tagRecords([rec(1, 'pretrain', { loss: 5, 'time/update': 1, 'time/generation': 0, 'time/judging': 0, 'time/step': 1 })], []);

describe('line plot data', () => {
  const records = tagRecords([rec(1, 'pretrain', { loss: 5 })], [[sipStep(2, 0), sipStep(3, 0.5)], [rec(2, 'ntp', { loss: 3 }, 'ntp')]]);

  it('chosen rate: one line per source in the paper order, one unnamed panel for one judged arm, y fixed to 0-1', () => {
    const d = chosenRateData(records, 1);
    if (d.kind !== 'line') throw new Error('expected a chart');
    expect(d.lines).toEqual(['original', 'rollout']);
    expect(d.panels).toEqual(['']);
    expect(d.yDomain).toEqual([0, 1]);
    expect(d.rows.filter((r) => r.line === 'rollout').map((r) => [r.step, r.value])).toEqual([[2, 0], [3, 0.5]]);
  });

  it('chosen rate: one panel per judged arm when several have it', () => {
    const two = tagRecords([], [[sipStep(1, 0.1, 'r1')], [sipStep(1, 0.3, 'r8')]]);
    const d = chosenRateData(two, 1);
    if (d.kind !== 'line') throw new Error('expected a chart');
    expect(d.panels).toEqual(['r1', 'r8']);
    expect(d.rows.filter((r) => r.line === 'rollout').map((r) => [r.panel, r.value])).toEqual([['r1', 0.1], ['r8', 0.3]]);
  });

  it('reward per aspect: a panel per aspect (not per source) and one for the summed reward, a line per series', () => {
    const d = rewardAspectData(records, 1);
    if (d.kind !== 'line') throw new Error('expected a chart');
    expect(d.panels).toEqual(['quality', 'safety', 'reward (sum of aspects)']);
    expect(d.lines).toEqual(['sip']);
  });

  it('reward by source leaves out reward/mean', () => {
    const d = rewardSourceData(records, 1);
    if (d.kind !== 'line') throw new Error('expected a chart');
    expect(d.lines).toEqual(['original', 'rollout']);
  });

  it('loss: a line per shared phase and arm; DPO: only the metrics present', () => {
    const loss = lossData(records, 1);
    if (loss.kind !== 'line') throw new Error('expected a chart');
    expect(loss.lines).toEqual(['pretrain', 'sip', 'ntp']);
    const dpo = dpoData(records, 2);
    if (dpo.kind !== 'line') throw new Error('expected a chart');
    expect(dpo.panels).toEqual(['dpo_margin']);
    expect(dpo.rows.map((r) => r.smooth)).toEqual([0.2, 0.25]);
  });

  it('an NTP-only run skips every judged plot with the missing metric named', () => {
    expect(chosenRateData(ntpOnly, 1)).toEqual({ kind: 'skip', reason: 'no `chosen_rate/<source>` metric in this run' });
    expect(rewardAspectData(ntpOnly, 1).kind).toBe('skip');
    expect(rewardSourceData(ntpOnly, 1).kind).toBe('skip');
    expect(dpoData(ntpOnly, 1)).toEqual({ kind: 'skip', reason: 'no `update/dpo_margin` or `update/dpo_accuracy` metric in this run' });
    expect(lossData(ntpOnly, 1).kind).toBe('line');
  });
});

describe('timeData', () => {
  it('gives mean seconds per step per part, with "other" only when it is a real share of the step', () => {
    const records = tagRecords(
      [rec(1, 'pre', { 'time/generation': 0, 'time/judging': 0, 'time/update': 1, 'time/step': 1.0001 }), rec(2, 'pre', { 'time/generation': 0, 'time/judging': 0, 'time/update': 3, 'time/step': 3 })],
      [[rec(3, 'sip', { 'time/generation': 4, 'time/judging': 1, 'time/update': 2, 'time/step': 8 }, 'sip')]],
    );
    const d = timeData(records);
    if (d.kind !== 'time') throw new Error('expected a chart');
    expect(d.rows.map((r) => [r.series, r.component, r.seconds, r.total])).toEqual([
      ['pre', 'update', 2, 4],
      ['sip', 'generation', 4, 4],
      ['sip', 'judging', 1, 1],
      ['sip', 'update', 2, 2],
      ['sip', 'other', 1, 1],
    ]);
    expect(d.components).toEqual(['generation', 'judging', 'update', 'other']);
    expect(timeData(tagRecords([rec(1, 'p', { loss: 1 })], [])).kind).toBe('skip');
  });
});
