import type { Usage } from '@spt/core';

/** Price of a model in any currency per one million tokens (the usual way providers list it). */
export interface Price {
  prompt: number;
  completion: number;
}

/** Estimated cost of one call; 0 without a price (local models). */
export function costOf(usage: Usage, price: Price | undefined): number {
  if (!price) return 0;
  return (usage.promptTokens * price.prompt + usage.completionTokens * price.completion) / 1_000_000;
}

/** The budget of a run: stop once either limit is reached. */
export interface Budget {
  maxTokens?: number;
  maxCost?: number;
}

/** Combines two budgets: the tighter limit of each kind wins. */
export function tighter(a: Budget, b: Budget): Budget {
  const min = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.min(x, y));
  return { maxTokens: min(a.maxTokens, b.maxTokens), maxCost: min(a.maxCost, b.maxCost) };
}
