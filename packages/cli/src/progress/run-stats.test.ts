import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@spt/core';
import { formatEvent, formatStepLine } from './format-event';
import { formatDuration, formatRate, RunStats } from './run-stats';
import { lineView } from './views';

/** A step event at `seconds` of run time with per-step counters. */
function step(n: number, seconds: number, values: Record<string, number> = {}, total = 100): RunEvent {
  return { type: 'step', step: n, totalSteps: total, phase: 'main', arm: 'sip', metrics: { step: n, phase: 'main', arm: 'sip', time: seconds * 1000, values } };
}

describe('RunStats', () => {
  it('derives ETA, tokens/s and judge calls/s from the recent steps', () => {
    const stats = new RunStats(20);
    stats.update({ type: 'run-start', name: 'r', totalSteps: 100 });
    expect(stats.update(step(1, 0, { 'tokens/update': 512, 'judge/calls': 30 }))?.etaSeconds).toBeUndefined();
    stats.update(step(2, 2, { 'tokens/update': 512, 'judge/calls': 30 }));
    const s = stats.update(step(3, 4, { 'tokens/update': 512, 'judge/calls': 30, loss: 0.6931, 'chosen_rate/rollout': 0.25, 'judge/abstention_rate': 0 }))!;
    // 2 steps in 4 s -> 0.5 step/s -> 97 steps left = 194 s; 1024 tokens / 4 s; 60 calls / 4 s
    expect(s.etaSeconds).toBeCloseTo(194, 9);
    expect(s.tokensPerSecond).toBe(256);
    expect(s.judgeCallsPerSecond).toBe(15);
    expect(s.fraction).toBe(0.03);
    expect(formatStepLine(s)).toBe('step 3 [3/100 3%] sip/main | ETA 3m14s | 256 tok/s | 15.0 judge/s | loss 0.6931 chosen_rate/rollout 0.25');
  });

  it('leaves the time of in-loop evaluation points out of the rates, not out of the ETA', () => {
    const stats = new RunStats(20);
    stats.update({ type: 'run-start', name: 'r', totalSteps: 100 });
    stats.update(step(1, 0, { 'tokens/update': 512 }));
    stats.update(step(2, 2, { 'tokens/update': 512 }));
    // Step 3 took 2 s of training plus a 6 s evaluation point: 8 s of wall time.
    const s = stats.update(step(3, 10, { 'tokens/update': 512, 'time/eval': 6 }))!;
    expect(s.tokensPerSecond).toBe(256);
    expect(s.etaSeconds).toBeCloseTo(485, 9); // 2 steps in 10 s of wall time, 97 steps left
  });

  it('falls back to the per-step rates the scheduler reports', () => {
    const stats = new RunStats();
    expect(stats.update(step(1, 0, { 'throughput/tokens_per_s': 1000 }))?.tokensPerSecond).toBe(1000);
    expect(stats.update(step(2, 1, { 'throughput/judge_calls_per_s': 12.5 }))?.judgeCallsPerSecond).toBe(12.5);
  });

  it('counts steps done across arms, whose step numbers restart from the branch point', () => {
    const stats = new RunStats();
    stats.update({ type: 'run-start', name: 'r', totalSteps: 4, resumedFrom: 1 });
    stats.update(step(2, 1, {}, 4));
    stats.update({ type: 'phase-start', phase: 'main', arm: 'ntp', steps: 1 });
    const s = stats.update(step(2, 2, {}, 4))!;
    expect([s.step, s.done, s.fraction, s.etaSeconds]).toEqual([2, 3, 0.75, 1]);
  });

  it('starts a resumed run at the steps already done over all arms, not at the shared checkpoint', () => {
    const stats = new RunStats();
    stats.update({ type: 'run-start', name: 'r', totalSteps: 11, resumedFrom: 2, completed: 4 });
    expect(stats.update(step(5, 1, {}, 11))).toMatchObject({ done: 5, fraction: 5 / 11 });
  });

  it('leaves rates unknown when a counter is missing', () => {
    const stats = new RunStats();
    stats.update(step(1, 0));
    expect(stats.update(step(2, 1))?.tokensPerSecond).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats durations and rates', () => {
    expect([formatDuration(9.4), formatDuration(185), formatDuration(3720), formatDuration(undefined)]).toEqual(['9s', '3m05s', '1h02m', '?']);
    expect([formatRate(12345.6), formatRate(3.14159), formatRate(undefined)]).toEqual(['12,346', '3.1', '-']);
  });

  it('gives every non-step event one line', () => {
    expect(formatEvent({ type: 'run-start', name: 'quickstart', totalSteps: 600, resumedFrom: 200 })).toBe('run quickstart: 600 steps, resuming from step 200');
    expect(formatEvent({ type: 'phase-start', phase: 'main', arm: 'ntp', steps: 300 })).toBe('phase ntp/main: 300 steps');
    expect(formatEvent({ type: 'eval', step: 200, arm: 'sip', results: { quality_win_rate: 0.61234 } })).toBe('eval at step 200 (sip): quality_win_rate 0.6123');
    // Headline metrics first, at most eight, the count of the rest.
    const many = Object.fromEntries(['typo_rate', 'b', 'a', 'c', 'd', 'e', 'f', 'g', 'defect_rate', 'safety_unsafe'].map((k, i) => [k, i / 10]));
    expect(formatEvent({ type: 'eval', step: 5, results: many })).toBe('eval at step 5: safety_unsafe 0.9, defect_rate 0.8, a 0.2, b 0.1, c 0.3, d 0.4, e 0.5, f 0.6 (+2 more in metrics.jsonl)');
    expect(formatEvent({ type: 'warning', code: 'judge.abstain', message: '12% abstained' })).toBe('warning [judge.abstain]: 12% abstained');
    expect(formatEvent(step(1, 0))).toBeUndefined();
  });
});

describe('lineView', () => {
  it('prints about every 2% of the run, the first and the last step, and every other event', () => {
    const lines: string[] = [];
    const view = lineView((l) => lines.push(l));
    view.onEvent({ type: 'run-start', name: 'r', totalSteps: 200 });
    for (let n = 1; n <= 200; n++) view.onEvent(step(n, n, {}, 200));
    view.onEvent({ type: 'run-end', step: 200, status: 'completed', runDir: '/tmp/r' });
    const stepLines = lines.filter((l) => l.startsWith('step '));
    expect(stepLines).toHaveLength(51); // step 1, then every 4th step (200 / 50)
    expect(stepLines[1]).toMatch(/^step 4 \[4\/200 2%\] /);
    expect(lines[0]).toBe('run r: 200 steps');
    expect(lines.at(-1)).toBe('run completed at step 200; run folder: /tmp/r');
  });

  it('also prints when 30 s of run time passed since the last line', () => {
    const lines: string[] = [];
    const view = lineView((l) => lines.push(l));
    view.onEvent(step(1, 0, {}, 1000));
    view.onEvent(step(2, 10, {}, 1000));
    view.onEvent(step(3, 45, {}, 1000));
    expect(lines.map((l) => l.split(' ')[2])).toEqual(['[1/1000', '[3/1000']);
  });
});
