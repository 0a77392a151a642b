import { SptError } from '../errors';
import type { EvalContinuations, EvalPrompt } from '../spec/eval-suite';

/**
 * The EvalSuite contract's precondition of `score`: one continuation per prompt, in order. A suite
 * calls it first; a mismatch is an SptError with the suite's `code`, naming the model and the counts.
 */
export function checkContinuationCount(code: string, prompts: readonly EvalPrompt[], continuations: EvalContinuations): void {
  if (continuations.texts.length === prompts.length) return;
  throw new SptError({
    code,
    what: `model "${continuations.model}" has ${continuations.texts.length} continuations for ${prompts.length} prompts`,
    expected: 'one continuation per prompt, in order',
    got: String(continuations.texts.length),
    fix: 'generate a continuation for every prompt',
  });
}
