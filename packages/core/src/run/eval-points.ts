import { greedyContinuations } from '../eval/greedy-continuations';
import { evalPromptSeed } from '../eval/suite-ref';
import type { EvalPrompt, EvalSuite } from '../spec/eval-suite';
import type { PolicyBackend } from '../spec/policy-backend';
import type { RunConfig } from '../spec/run-config';

/**
 * Whether the step just completed (global, 1-based) is an evaluation point: every `every` global
 * steps, and at the last step of the shared phases and of each arm. `every` 0 never evaluates.
 */
export function evalDue(every: number, step: number, scopeEnds: boolean): boolean {
  return every > 0 && (scopeEnds || step % every === 0);
}

/** What one evaluation point measured. */
export interface EvalPoint {
  /** `eval/<metric>` for each finite metric of the suite, and `time/eval` (seconds). */
  values: Record<string, number>;
  /** The suite's finite metrics by their own names (for the `eval` event). */
  results: Record<string, number>;
}

/** The in-loop evaluation of a run (`eval every N`). */
export interface EvalPoints {
  readonly every: number;
  /**
   * Draws the prompt set now (with the backend's tokenizer), so a suite that cannot give the
   * prefixes asked for stops the run before its first step rather than at its first eval point.
   * `signal` stops a long draw (it then rejects with the signal's reason).
   */
  prepare(backend: PolicyBackend, signal?: AbortSignal): Promise<void>;
  /** Scores the backend's current policy; `model` names it in the suite's messages. */
  measure(backend: PolicyBackend, model: string): Promise<EvalPoint>;
}

/**
 * In-loop evaluation: greedy K-token continuations (temperature 0, the backend's batched decoder)
 * of the first prompt set `spt eval` would draw (`eval.prefixes` per set, the first eval seed),
 * scored by the suite. The prompts are drawn once and reused, so points along a run are
 * comparable. Nothing here touches the weights, the optimizer or any RNG the training uses:
 * generation draws from per-prompt seeds, and at temperature 0 it draws nothing.
 */
export function createEvalPoints(config: RunConfig, suite: EvalSuite): EvalPoints {
  const every = config.eval?.every ?? 0;
  let prompts: EvalPrompt[] | undefined;
  const draw = async (backend: PolicyBackend, signal?: AbortSignal) =>
    (prompts ??= await suite.prompts({ count: config.eval?.prefixes ?? 64, seed: evalPromptSeed(config, 0), tokenizer: backend.tokenizer, k: config.window.k, ...(signal ? { signal } : {}) }));
  return {
    every,
    async prepare(backend, signal) {
      if (every > 0) await draw(backend, signal);
    },
    async measure(backend, model) {
      const t0 = performance.now();
      const prompts = await draw(backend);
      const texts = await greedyContinuations(backend, prompts, config.window.k);
      const scores = await suite.score(prompts, { model, texts });
      const results = Object.fromEntries(Object.entries(scores).filter(([, v]) => Number.isFinite(v)));
      const values: Record<string, number> = Object.fromEntries(Object.entries(results).map(([k, v]) => [`eval/${k}`, v]));
      values['time/eval'] = (performance.now() - t0) / 1000;
      return { values, results };
    },
  };
}
