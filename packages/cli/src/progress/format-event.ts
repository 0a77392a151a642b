import type { RunEvent } from '@spt/core';
import { orderMetrics } from '../eval/results-table';
import { formatDuration, formatRate, type ProgressSnapshot } from './run-stats';

/** Most metrics an evaluation-point line shows (headline metrics first); the rest are in metrics.jsonl. */
export const EVAL_LINE_METRICS = 8;

/**
 * Metrics shown on a progress line when the scheduler reports them, in this order: the loss, the
 * mean reward, the rollout chosen rate (the paper's key curve) and, when not zero, abstentions.
 */
export const SHOWN_METRICS = ['loss', 'reward/mean', 'chosen_rate/rollout', 'judge/abstention_rate'];

/** `main` or `sip/online_dpo` for an arm's phase. */
export function where(phase: string, arm?: string): string {
  return arm ? `${arm}/${phase}` : phase;
}

function metricText(metrics: Record<string, number>): string {
  return SHOWN_METRICS.filter((k) => Number.isFinite(metrics[k]) && (k !== 'judge/abstention_rate' || metrics[k] > 0))
    .map((k) => `${k} ${Number(metrics[k].toPrecision(4))}`)
    .join(' ');
}

/**
 * One progress line: `step 120 [420/900 46%] sip/main | ETA 3m05s | 1,234 tok/s | 56.0 judge/s | loss 0.69`:
 * the scheduler's step, then the steps done of the whole run (arms included) and where.
 */
export function formatStepLine(s: ProgressSnapshot): string {
  const parts = [
    `step ${s.step} [${s.done}/${s.totalSteps} ${Math.floor(s.fraction * 100)}%] ${where(s.phase, s.arm)}`,
    `ETA ${formatDuration(s.etaSeconds)}`,
    `${formatRate(s.tokensPerSecond)} tok/s`,
    `${formatRate(s.judgeCallsPerSecond)} judge/s`,
  ];
  const metrics = metricText(s.metrics);
  if (metrics) parts.push(metrics);
  return parts.join(' | ');
}

/** The text line for any non-step event, or undefined for step events. */
export function formatEvent(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'run-start':
      return `run ${event.name}: ${event.totalSteps} steps${event.resumedFrom !== undefined ? `, resuming from step ${event.resumedFrom}` : ''}`;
    case 'phase-start':
      return `phase ${where(event.phase, event.arm)}: ${event.steps} steps`;
    case 'checkpoint':
      return `checkpoint at step ${event.step}: ${event.dir}`;
    case 'eval': {
      const keys = orderMetrics(Object.keys(event.results)).map(([k]) => k);
      const results = keys.slice(0, EVAL_LINE_METRICS).map((k) => `${k} ${Number(event.results[k].toPrecision(4))}`);
      const more = keys.length > EVAL_LINE_METRICS ? ` (+${keys.length - EVAL_LINE_METRICS} more in metrics.jsonl)` : '';
      return `eval at step ${event.step}${event.arm ? ` (${event.arm})` : ''}: ${results.join(', ')}${more}`;
    }
    case 'warning':
      return `warning [${event.code}]: ${event.message}`;
    case 'log':
      return event.message;
    case 'run-end':
      return `run ${event.status} at step ${event.step}; run folder: ${event.runDir}`;
    default:
      return undefined;
  }
}
