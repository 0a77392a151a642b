import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createSptContainer } from '../plugins/container';
import { PluginRegistry } from '../plugins/registry';
import type { RunConfig } from '../spec/run-config';
import type { CreateRunOptions, RunHandle, RunResult } from '../spec/run-handle';
import { corePlugins } from '../builtins/core-plugins';
import { createEventHub } from './event-hub';
import { createPluginContext } from './plugin-context';
import { runLoop } from './run-loop';
import { createRunParts, type RunParts } from './run-parts';

/**
 * Starts a run (the embedding API; the CLI is one caller). The run begins on the next turn of the
 * event loop, so `events()` called right after createRun sees every event. Aborting (options.signal,
 * handle.abort(), or SIGINT/SIGTERM with handleSignals) finishes the current step, writes a
 * resumable checkpoint and ends with status 'aborted'. `result()` never rejects: a failure ends
 * with status 'failed' and the error.
 */
export function createRun(config: RunConfig, options: CreateRunOptions): RunHandle {
  const runDir = path.resolve(options.runDir);
  const hub = createEventHub(options.observers);
  const controller = new AbortController();
  const abort = (reason?: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onOuterAbort = () => abort(options.signal?.reason);
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // A second signal: stop now with the signal's default action (the last checkpoint stays good).
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.kill(process.pid, sig);
      return;
    }
    hub.emit({ type: 'warning', code: 'run.interrupted', message: `${sig}: finishing the step and writing a checkpoint (send it again to stop at once)` });
    abort(sig);
  };
  if (options.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  const progress = { steps: 0, completed: 0, checkpoints: {} as Record<string, string> };

  const done = (async (): Promise<RunResult> => {
    await new Promise((resolve) => setImmediate(resolve));
    let parts: RunParts | undefined;
    try {
      await mkdir(runDir, { recursive: true });
      const container = createSptContainer([corePlugins, ...options.plugins]);
      const registry = container.get(PluginRegistry);
      const ctx = createPluginContext({
        registry,
        container,
        ...(options.services ? { services: options.services } : {}),
        config,
        seed: config.train.seed,
        runDir,
        env: options.env,
        log: (message) => hub.emit({ type: 'log', message }),
        warn: (code, message) => hub.emit({ type: 'warning', code, message }),
      });
      parts = await createRunParts(config, registry, ctx, { evaluate: options.evaluate });
      for (const o of parts.observers) hub.observe(o);
      return await runLoop({ parts, runDir, hub, signal: controller.signal, resume: options.resume ?? 'auto', progress });
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      hub.emit({ type: 'run-end', step: progress.steps, status: 'failed', runDir });
      return { status: 'failed', steps: progress.completed, runDir, checkpoints: { ...progress.checkpoints }, error };
    } finally {
      if (options.handleSignals) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      options.signal?.removeEventListener('abort', onOuterAbort);
      await closeParts(parts);
      hub.close();
    }
  })();

  return {
    runDir,
    events: () => hub.subscribe(),
    result: () => done,
    abort: (reason) => abort(reason),
  };
}

/** Flushes and closes what the run opened; a failure here is reported, never thrown. */
async function closeParts(parts: RunParts | undefined): Promise<void> {
  if (!parts) return;
  const tasks: Array<() => Promise<unknown> | unknown> = [
    ...parts.sinks.map((s) => async () => {
      await s.flush?.();
      await s.close?.();
    }),
    ...parts.closeables().map((c) => () => c.close?.()),
    () => parts.cache?.close?.(),
    () => parts.backend.dispose(),
  ];
  for (const t of tasks) {
    try {
      await t();
    } catch (e) {
      console.error(`spt: error while closing the run: ${(e as Error).message}`);
    }
  }
}
