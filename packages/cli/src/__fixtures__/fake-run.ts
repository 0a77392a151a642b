import type { CreateRunOptions, RunConfig, RunEvent, RunHandle, RunResult } from '@spt/core';

export interface FakeRunScript {
  steps: number;
  /** The run fails at this step with this error. */
  failAt?: { step: number; error: Error };
  /** Called after each step event is consumed (tests interrupt here). */
  afterStep?: (step: number) => void;
  /** Arm names: each gets an end checkpoint beside `start`, as the scheduler reports them. */
  arms?: string[];
}

/**
 * A scripted stand-in for createRun (unit isolation of the CLI): emits run-start, one step event
 * per step, and honours the abort signal like the scheduler's contract says (finish the step,
 * write a checkpoint, end 'aborted'). The real scheduler is exercised by the CLI end-to-end test.
 */
export function fakeCreateRun(script: FakeRunScript) {
  const calls: Array<{ config: RunConfig; options: CreateRunOptions }> = [];
  const createRun = (config: RunConfig, options: CreateRunOptions): RunHandle => {
    calls.push({ config, options });
    let settle!: (r: RunResult) => void;
    const result = new Promise<RunResult>((resolve) => (settle = resolve));
    const end = (status: RunResult['status'], steps: number, error?: Error): RunEvent => {
      settle({ status, steps, runDir: options.runDir, checkpoints: status === 'completed' ? checkpointsOf(options.runDir, steps, script.arms ?? []) : {}, error });
      return { type: 'run-end', step: steps, status, runDir: options.runDir };
    };
    async function* events(): AsyncGenerator<RunEvent> {
      yield { type: 'run-start', name: config.name, totalSteps: script.steps };
      for (let step = 1; step <= script.steps; step++) {
        if (options.signal?.aborted) {
          yield { type: 'checkpoint', step: step - 1, dir: `${options.runDir}/ckpt-${step - 1}` };
          yield end('aborted', step - 1);
          return;
        }
        if (script.failAt?.step === step) {
          yield end('failed', step - 1, script.failAt.error);
          return;
        }
        yield { type: 'step', step, totalSteps: script.steps, phase: 'main', metrics: { step, phase: 'main', time: step * 1000, values: { 'tokens/update': 100 } } };
        script.afterStep?.(step);
      }
      yield end('completed', script.steps);
    }
    return { runDir: options.runDir, events, result: () => result, abort: () => {} };
  };
  return { createRun, calls };
}

/** RunResult.checkpoints as the scheduler fills them: `start` (end of the shared phases) and each arm's end. */
function checkpointsOf(runDir: string, steps: number, arms: string[]): Record<string, string> {
  return Object.fromEntries([['start', `${runDir}/ckpt-${steps}`], ...arms.map((a) => [a, `${runDir}/arms/${a}/ckpt-${steps}`])]);
}
