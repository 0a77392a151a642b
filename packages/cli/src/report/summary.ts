import { seriesOrder, type TaggedRecord } from './series';

/** The run at a glance, one row per shared phase or arm. */
export interface SummaryRow {
  series: string;
  /** Phases the series ran, in order. */
  phases: string[];
  steps: number;
  firstStep: number;
  lastStep: number;
  /** Seconds from the first step's start to the last step's record (metric timestamps). */
  seconds: number;
  /** Loss of the last step, and its mean over the last `tailSteps` steps. */
  finalLoss?: number;
  tailLoss?: number;
  /** Mean summed reward over the last `tailSteps` steps (judged phases only). */
  tailReward?: number;
  tailSteps: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);
const finite = (rs: readonly TaggedRecord[], k: string) => rs.map((r) => r.values[k]).filter((v) => Number.isFinite(v));

/** Seconds covered by records in time order: first to last timestamp plus the first step's own time. */
export function wallSeconds(records: readonly TaggedRecord[]): number {
  if (!records.length) return 0;
  const times = records.map((r) => r.time);
  const first = records.reduce((a, r) => (r.time < a.time ? r : a));
  const own = Number.isFinite(first.values['time/step']) ? first.values['time/step'] : 0;
  return (Math.max(...times) - Math.min(...times)) / 1000 + own;
}

/** Per-series summary: steps, step range, wall time, final loss and reward (means over the last ~10%, at most 10 steps). */
export function runSummary(records: readonly TaggedRecord[]): SummaryRow[] {
  return seriesOrder(records).map((series) => {
    const rs = records.filter((r) => r.series === series).sort((a, b) => a.step - b.step);
    const tailSteps = Math.max(1, Math.min(10, Math.ceil(rs.length / 10)));
    const tail = rs.slice(-tailSteps);
    const losses = finite(rs, 'loss');
    return {
      series,
      phases: [...new Set(rs.map((r) => r.phase))],
      // an evaluation record of its own (data that ran out) repeats its step: count steps, not records
      steps: new Set(rs.map((r) => r.step)).size,
      firstStep: rs[0].step,
      lastStep: rs[rs.length - 1].step,
      seconds: wallSeconds(rs),
      finalLoss: losses.length ? losses[losses.length - 1] : undefined,
      tailLoss: mean(finite(tail, 'loss')),
      tailReward: mean(finite(tail, 'reward/mean')),
      tailSteps,
    };
  });
}

/** 42.1 s, 3 min 05 s, 1 h 02 min. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

const num = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(4));

/** The summary as a Markdown table followed by the run's totals. */
export function formatSummary(rows: readonly SummaryRow[], records: readonly TaggedRecord[]): string {
  const withReward = rows.some((r) => r.tailReward !== undefined);
  const head = ['arm / phase', 'phases', 'steps', 'step range', 'wall time', 'last loss', 'loss (last steps)', ...(withReward ? ['reward (last steps)'] : [])];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const cells = [r.series, r.phases.join(', '), String(r.steps), `${r.firstStep}-${r.lastStep}`, formatDuration(r.seconds), num(r.finalLoss), `${num(r.tailLoss)} (${r.tailSteps})`];
    if (withReward) cells.push(r.tailReward === undefined ? '-' : `${r.tailReward.toFixed(3)} (${r.tailSteps})`);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const steps = rows.reduce((a, r) => a + r.steps, 0);
  lines.push('', `${steps} steps in all; wall time ${formatDuration(wallSeconds(records))} from the first to the last metric record (checkpoints and gaps between parts included). "Last steps" columns average the last N steps shown in brackets.`);
  return lines.join('\n');
}
