import type { LrConfig } from '../spec/run-config';

/**
 * Learning rate at `step` (0-based, within the phase) of a phase of `totalSteps` steps, like
 * nanoGPT's get_lr: a linear warm-up over `warmup` steps to `peak` (step i uses peak*(i+1)/(warmup+1)
 * so step 0 is never 0), then constant, cosine or linear decay to `peak * minRatio` at the last step.
 */
export function learningRate(lr: LrConfig, step: number, totalSteps: number): number {
  if (step < lr.warmup) return (lr.peak * (step + 1)) / (lr.warmup + 1);
  if (lr.schedule === 'constant') return lr.peak;
  const min = lr.peak * lr.minRatio;
  const span = Math.max(1, totalSteps - 1 - lr.warmup);
  const ratio = Math.min(1, Math.max(0, (step - lr.warmup) / span));
  if (lr.schedule === 'linear') return lr.peak - (lr.peak - min) * ratio;
  return min + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (lr.peak - min);
}
