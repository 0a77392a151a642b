import { describe, expect, it } from 'vitest';
import { runConfig } from '../__fixtures__/run-config';
import { scaleSteps, totalSteps } from '@spt/core';

describe('scaleSteps', () => {
  it('counts shared phases plus every arm', () => {
    expect(totalSteps(runConfig())).toBe(400);
  });

  it('scales phases, schedules, warm-ups and cadences by one factor', () => {
    const scaled = scaleSteps(runConfig(), 40);
    expect(totalSteps(scaled)).toBe(40);
    expect(scaled.phases[0].steps).toBe(10);
    expect(scaled.arms.map((a) => a.phases[0].steps)).toEqual([20, 10]);
    expect(scaled.curriculum.weights.rollouts).toEqual({ kind: 'linear', from: 0, to: 1, start: 0, end: 10 });
    expect(scaled.arms[0].phases[0].curriculum?.params.beta).toEqual({ kind: 'step', values: [0.1, 0.05], boundaries: [10] });
    expect(scaled.train.lr.warmup).toBe(2);
    expect(scaled.arms[1].phases[0].lr?.warmup).toBe(1);
    expect(scaled.eval?.every).toBe(5);
    expect(scaled.checkpoint.every).toBe(10);
    expect(scaled.pools).toBeUndefined();
    expect(scaleSteps({ ...runConfig(), pools: { every: 50, max: 4 } }, 40).pools).toEqual({ every: 5, max: 4 });
  });

  it('keeps `eval every 0` (evaluate only after the run) and `checkpoint every 0` at 0', () => {
    const config = runConfig();
    const after = { ...config, eval: { ...config.eval!, every: 0 }, checkpoint: { ...config.checkpoint, every: 0 } };
    for (const steps of [40, 4000]) {
      expect(scaleSteps(after, steps).eval?.every).toBe(0);
      expect(scaleSteps(after, steps).checkpoint.every).toBe(0);
    }
  });

  it('keeps every phase at least one step long and leaves the input untouched', () => {
    const config = runConfig();
    const tiny = scaleSteps(config, 2);
    expect([tiny.phases[0].steps, ...tiny.arms.map((a) => a.phases[0].steps)]).toEqual([1, 1, 1]);
    expect(config.phases[0].steps).toBe(100);
  });

  it('rejects a step count that is not a positive whole number', () => {
    expect(() => scaleSteps(runConfig(), 0)).toThrow('invalid --steps\n  expected: a whole number of steps >= 1\n  got: 0\n  fix: e.g. --steps 20');
  });
});
