import type { MetricsRecord, RunEvent } from '@spt/core';

/** What a progress display shows after a step. Rates are per second of wall time. */
export interface ProgressSnapshot {
  /** The scheduler's step number (arms branch from the shared phases, so two arms reuse numbers). */
  step: number;
  /** Steps done of the whole run (shared phases plus every arm), monotone. */
  done: number;
  totalSteps: number;
  phase: string;
  arm?: string;
  /** 0..1 */
  fraction: number;
  /** Seconds left at the recent pace; undefined until two steps were seen. */
  etaSeconds?: number;
  tokensPerSecond?: number;
  judgeCallsPerSecond?: number;
  metrics: Record<string, number>;
}

/**
 * Per-step counters of the scheduler's metrics (see stepMetrics in @spt/core): tokens trained and
 * judge calls made (cache hits excluded). Rates over a window of wall time include everything
 * between steps but the in-loop evaluation points (`time/eval`), so an evaluation does not dent
 * the training rates; the ETA keeps them (more points are to come). The scheduler's own per-step
 * rates are the fallback.
 */
export const TOKEN_KEYS = ['tokens/update'];
export const JUDGE_CALL_KEYS = ['judge/calls'];
export const TOKEN_RATE_KEY = 'throughput/tokens_per_s';
export const JUDGE_RATE_KEY = 'throughput/judge_calls_per_s';
export const EVAL_TIME_KEY = 'time/eval';

interface Sample {
  time: number;
  step: number;
  tokens?: number;
  judgeCalls?: number;
  /** Seconds of this step's record spent on an in-loop evaluation point (0 if none). */
  evalSeconds: number;
}

function finite(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

function first(values: Record<string, number>, keys: readonly string[]): number | undefined {
  for (const k of keys) if (Number.isFinite(values[k])) return values[k];
  return undefined;
}

/** Sum of a counter over the window divided by the window's time span (less evaluation time unless `withEval`), in seconds. */
function windowRate(samples: readonly Sample[], pick: (s: Sample) => number | undefined, withEval = false): number | undefined {
  if (samples.length < 2) return undefined;
  // The first sample opens the window; its counts and its evaluation happened before it.
  const evaluating = withEval ? 0 : samples.slice(1).reduce((t, s) => t + s.evalSeconds, 0);
  const span = (samples[samples.length - 1].time - samples[0].time) / 1000 - evaluating;
  if (span <= 0) return undefined;
  let total = 0;
  for (const s of samples.slice(1)) {
    const v = pick(s);
    if (v === undefined) return undefined;
    total += v;
  }
  return total / span;
}

/**
 * Turns the event stream of a run into progress numbers over a sliding window of recent steps,
 * timed by the metrics records' own timestamps (so the numbers follow the run, not the screen).
 */
export class RunStats {
  private totalSteps = 0;
  private done = 0;
  private samples: Sample[] = [];

  constructor(private readonly window = 20) {}

  /** Feeds one event; returns a snapshot after a step event, else undefined. */
  update(event: RunEvent): ProgressSnapshot | undefined {
    if (event.type === 'run-start') {
      this.totalSteps = event.totalSteps;
      this.done = event.completed ?? event.resumedFrom ?? 0;
      this.samples = [];
      return undefined;
    }
    if (event.type !== 'step') return undefined;
    this.totalSteps = event.totalSteps;
    this.done += 1;
    return this.onStep(event.step, event.phase, event.arm, event.metrics);
  }

  private onStep(step: number, phase: string, arm: string | undefined, record: MetricsRecord): ProgressSnapshot {
    const values = record.values;
    this.samples.push({ time: record.time, step, tokens: first(values, TOKEN_KEYS), judgeCalls: first(values, JUDGE_CALL_KEYS), evalSeconds: finite(values[EVAL_TIME_KEY]) ?? 0 });
    if (this.samples.length > this.window + 1) this.samples.shift();
    const total = Math.max(this.totalSteps, this.done);
    const stepsPerSecond = windowRate(this.samples, () => 1, true);
    const left = total - this.done;
    return {
      step,
      done: this.done,
      totalSteps: total,
      phase,
      arm,
      fraction: total > 0 ? this.done / total : 1,
      etaSeconds: stepsPerSecond ? left / stepsPerSecond : left === 0 ? 0 : undefined,
      tokensPerSecond: windowRate(this.samples, (s) => s.tokens) ?? finite(values[TOKEN_RATE_KEY]),
      judgeCallsPerSecond: windowRate(this.samples, (s) => s.judgeCalls) ?? finite(values[JUDGE_RATE_KEY]),
      metrics: values,
    };
  }
}

/** `12s`, `3m05s`, `1h02m`, or `?` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `1,234` for large rates, `56.3` for small ones, `-` when unknown. */
export function formatRate(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return '-';
  return rate >= 100 ? Math.round(rate).toLocaleString('en-US') : rate.toFixed(1);
}
