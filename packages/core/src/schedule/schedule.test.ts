import { describe, expect, it } from 'vitest';
import { SptError } from '../errors';
import { learningRate } from './lr-schedule';
import { progress, scheduleValue, validateSchedule } from './schedule';

describe('scheduleValue', () => {
  it('constant', () => {
    expect(scheduleValue({ kind: 'constant', value: 0.3 }, 999)).toBe(0.3);
  });
  it('linear ramps between start and end and holds outside', () => {
    const s = { kind: 'linear', from: 0, to: 1, start: 100, end: 300 } as const;
    expect([0, 100, 200, 300, 1000].map((t) => scheduleValue(s, t))).toEqual([0, 0, 0.5, 1, 1]);
  });
  it('cosine is a half cosine', () => {
    const s = { kind: 'cosine', from: 1, to: 0, start: 0, end: 10 } as const;
    expect(scheduleValue(s, 0)).toBe(1);
    expect(scheduleValue(s, 5)).toBeCloseTo(0.5, 12);
    expect(scheduleValue(s, 10)).toBeCloseTo(0, 12);
    expect(scheduleValue(s, 20)).toBeCloseTo(0, 12);
  });
  it('step uses the value of the last boundary passed', () => {
    const s = { kind: 'step' as const, values: [0, 0.5, 1], boundaries: [10, 20] };
    expect([0, 9, 10, 19, 20, 50].map((t) => scheduleValue(s, t))).toEqual([0, 0, 0.5, 0.5, 1, 1]);
  });
  it('a zero-length ramp jumps at start', () => {
    expect(progress(5, 5, 4)).toBe(0);
    expect(progress(5, 5, 5)).toBe(1);
  });
  it('validates shapes with a clear error', () => {
    expect(() => validateSchedule({ kind: 'step', values: [1], boundaries: [3] }, 'curriculum.weights.rollout')).toThrow(
      SptError,
    );
    expect(() => validateSchedule({ kind: 'linear', from: 0, to: 1, start: 9, end: 3 }, 'x')).toThrow(/end >= start/);
  });
});

describe('learningRate', () => {
  const base = { peak: 1, warmup: 4, minRatio: 0.1 };
  it('warms up linearly and never starts at 0', () => {
    const lr = { ...base, schedule: 'cosine' as const };
    expect([0, 1, 2, 3].map((t) => learningRate(lr, t, 20))).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(learningRate(lr, 4, 20)).toBe(1);
  });
  it('cosine decays to peak * minRatio at the last step', () => {
    const lr = { ...base, schedule: 'cosine' as const };
    expect(learningRate(lr, 19, 20)).toBeCloseTo(0.1, 12);
    const mid = learningRate(lr, 4 + 7.5, 20);
    expect(mid).toBeCloseTo(0.55, 12);
  });
  it('linear decays on a straight line', () => {
    const lr = { ...base, schedule: 'linear' as const };
    expect(learningRate(lr, 19, 20)).toBeCloseTo(0.1, 12);
    expect(learningRate({ ...lr, warmup: 0 }, 0, 11)).toBe(1);
    expect(learningRate({ ...lr, warmup: 0 }, 5, 11)).toBeCloseTo(0.55, 12);
  });
  it('constant holds the peak after warm-up', () => {
    expect(learningRate({ ...base, schedule: 'constant' }, 50, 20)).toBe(1);
  });
});
