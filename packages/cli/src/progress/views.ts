import cliProgress from 'cli-progress';
import type { RunEvent } from '@spt/core';
import { formatEvent, formatStepLine, where } from './format-event';
import { formatDuration, formatRate, RunStats, type ProgressSnapshot } from './run-stats';

/** Renders a run's events: a live bar on a terminal, plain lines in logs, JSON lines for tools. */
export interface ProgressView {
  onEvent(event: RunEvent): void;
  close(): void;
}

/** `--json`: every event as one JSON object per line. */
export function jsonView(out: (line: string) => void): ProgressView {
  return { onEvent: (event) => out(JSON.stringify(event)), close: () => {} };
}

/**
 * Not a terminal: plain lines. Step lines come about every 2% of the run (and for the first and
 * last step, and at least every 30 s of run time); every other event gets its own line.
 */
export function lineView(out: (line: string) => void, minIntervalMs = 30_000): ProgressView {
  const stats = new RunStats();
  let lastPrinted: { done: number; time: number } | undefined;
  return {
    onEvent(event) {
      const snapshot = stats.update(event);
      if (event.type !== 'step') {
        const text = formatEvent(event);
        if (text !== undefined) out(text);
        return;
      }
      if (!snapshot) return;
      const every = Math.max(1, Math.ceil(snapshot.totalSteps / 50));
      const due =
        lastPrinted === undefined ||
        snapshot.done % every === 0 ||
        snapshot.done === snapshot.totalSteps ||
        event.metrics.time - lastPrinted.time >= minIntervalMs;
      if (!due) return;
      lastPrinted = { done: snapshot.done, time: event.metrics.time };
      out(formatStepLine(snapshot));
    },
    close: () => {},
  };
}

/** Bar payload; `remaining`, not `eta`: cli-progress overwrites its own `eta` key. */
function payload(s: ProgressSnapshot | undefined) {
  return {
    where: s ? where(s.phase, s.arm) : 'starting',
    remaining: formatDuration(s?.etaSeconds),
    tps: formatRate(s?.tokensPerSecond),
    jps: formatRate(s?.judgeCallsPerSecond),
  };
}

/** A terminal: a cli-progress bar on `stream` (stderr) with other events logged above it. */
export function barView(stream: NodeJS.WritableStream = process.stderr): ProgressView {
  const stats = new RunStats();
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: ' {bar} {value}/{total} {percentage}% | {where} | ETA {remaining} | {tps} tok/s | {jps} judge/s',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 5,
      forceRedraw: false,
      // Ctrl-C belongs to the run (finish the step, checkpoint), not to the bar.
      gracefulExit: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  return {
    onEvent(event) {
      const snapshot = stats.update(event);
      if (event.type === 'run-start') {
        bar ??= multi.create(event.totalSteps, event.completed ?? event.resumedFrom ?? 0, payload(undefined));
      }
      if (event.type === 'step' && snapshot) {
        bar ??= multi.create(snapshot.totalSteps, 0, payload(snapshot));
        bar.setTotal(snapshot.totalSteps);
        bar.update(snapshot.done, payload(snapshot));
        return;
      }
      const text = formatEvent(event);
      if (text !== undefined) multi.log(`${text}\n`);
    },
    close() {
      // Lines logged since the last redraw are flushed by a redraw only; stop() alone drops them.
      multi.update();
      multi.stop();
    },
  };
}
