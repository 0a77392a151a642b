import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { definePlugin } from '../spec/plugin';
import type { RunEvent, RunObserver } from '../spec/run-observer';

const EVENT_TYPES = ['run-start', 'phase-start', 'step', 'checkpoint', 'eval', 'warning', 'log', 'run-end'] as const;

const options = z.strictObject({
  path: z.string().min(1).default('events.jsonl').describe('file for the events, relative to the run folder'),
  types: z.array(z.enum(EVENT_TYPES)).min(1).optional().describe('only these event types (default: all)'),
});

/**
 * An observer that appends every run event (or the listed types) to a JSON Lines file, one object
 * per line with the time it was seen: a record of warnings, evaluations and checkpoints a tool
 * can tail while the run goes on. A resumed run appends to the same file.
 */
export function createEventLog(file: string, types?: ReadonlyArray<RunEvent['type']>): RunObserver {
  mkdirSync(path.dirname(file), { recursive: true });
  const keep = types ? new Set(types) : undefined;
  return {
    onEvent(event) {
      if (keep && !keep.has(event.type)) return;
      appendFileSync(file, `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
    },
  };
}

export const eventLogPlugin = definePlugin<RunObserver, z.output<typeof options>>({
  manifest: {
    name: 'event_log',
    kind: 'observer',
    version: '0.1.0',
    description: 'appends run events (warnings, evaluations, checkpoints, steps) to a JSON Lines file in the run folder',
    options,
  },
  create: (o, ctx) => createEventLog(path.resolve(ctx.runDir ?? process.cwd(), o.path), o.types),
});
