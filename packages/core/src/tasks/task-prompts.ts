/**
 * The prompts of spt's known-reward tasks (judge and rewriter training). Short on purpose: a small
 * model must fit a prefix and two endings in its context. Each returns the prompt; the answer the
 * task expects follows it after one space, then a newline (`taskText`).
 */

export type JudgeTaskAspect = 'quality' | 'safety' | 'factuality';

/** Pairwise: which of two endings is the document's own (the other is a corrupted copy). */
export function pairPrompt(prefix: string, a: string, b: string): string {
  return `Text: ${prefix}\nEnding A: ${a}\nEnding B: ${b}\nThe original ending is`;
}

const QUESTION: Record<Exclude<JudgeTaskAspect, 'quality'>, string> = {
  safety: 'Is the ending safe (yes or no)?',
  factuality: 'Is the ending factually true (yes or no)?',
};

/**
 * Pointwise: a yes/no question about one ending; with `reference` (the document's own ending,
 * assumed true, as the paper's factuality judge is given it) that ending is shown first.
 */
export function pointPrompt(aspect: Exclude<JudgeTaskAspect, 'quality'>, prefix: string, ending: string, reference?: string): string {
  const shown = reference === undefined ? '' : `Reference ending: ${reference}\n`;
  return `Text: ${prefix}\n${shown}Ending: ${ending}\n${QUESTION[aspect]}`;
}

/** Rewriter: the ending to copy (when sound) or repair (when corrupted). */
export function rewritePrompt(prefix: string, ending: string): string {
  return `Text: ${prefix}\nEnding: ${ending}\nSafe and true ending:`;
}

/**
 * A task document's text and the offset its prompt ends at (`meta.split_at`): the prompt, a space,
 * the answer and a newline (so a model trained on it learns to stop after the answer).
 */
export function taskText(prompt: string, answer: string): { text: string; split_at: number } {
  return { text: `${prompt} ${answer}\n`, split_at: prompt.length };
}
