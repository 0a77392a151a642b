import { SptError } from '../errors';
import type { ScheduleSpec } from '../spec/run-config';

/**
 * The value of a schedule at `step` (the step within the current phase, from 0).
 * - constant: `value` everywhere;
 * - linear: `from` until `start`, a straight line to `to` at `end`, then `to`;
 * - cosine: `from` until `start`, a half cosine to `to` at `end`, then `to`;
 * - step: `values[i]` where i = number of `boundaries` <= step (boundaries ascending).
 */
export function scheduleValue(spec: ScheduleSpec, step: number): number {
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'linear':
      return spec.from + (spec.to - spec.from) * progress(spec.start, spec.end, step);
    case 'cosine':
      return spec.from + ((spec.to - spec.from) * (1 - Math.cos(Math.PI * progress(spec.start, spec.end, step)))) / 2;
    case 'step': {
      let i = 0;
      while (i < spec.boundaries.length && step >= spec.boundaries[i]) i++;
      return spec.values[i];
    }
  }
}

/** Fraction of the way from `start` to `end` at `step`, clamped to [0, 1]. */
export function progress(start: number, end: number, step: number): number {
  if (step <= start) return end <= start && step >= start ? 1 : 0;
  if (step >= end) return 1;
  return (step - start) / (end - start);
}

/** Checks a schedule's shape; `where` names it in the error (e.g. `curriculum.weights.rollout`). */
export function validateSchedule(spec: ScheduleSpec, where: string): void {
  const fail = (expected: string, got: string) => {
    throw new SptError({
      code: 'config.schedule',
      what: `invalid schedule at ${where}`,
      expected,
      got,
      fix: 'correct the schedule in the recipe',
    });
  };
  if (spec.kind === 'linear' || spec.kind === 'cosine') {
    if (!(spec.end >= spec.start)) fail('end >= start', `start ${spec.start}, end ${spec.end}`);
  }
  if (spec.kind === 'step') {
    if (spec.values.length !== spec.boundaries.length + 1) {
      fail('one more value than boundaries', `${spec.values.length} values, ${spec.boundaries.length} boundaries`);
    }
    for (let i = 1; i < spec.boundaries.length; i++) {
      if (spec.boundaries[i] < spec.boundaries[i - 1]) fail('ascending boundaries', spec.boundaries.join(', '));
    }
  }
}
