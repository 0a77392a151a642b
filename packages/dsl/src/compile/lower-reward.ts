import type { RewardExpr } from '@spt/core';
import { didYouMean } from '@spt/core';
import type { ExprNode } from '../ast/ast';
import type { Lowering } from './lowering';
import { checkFinite } from './read-value';

/** Functions a reward may call, with their argument counts. */
export const REWARD_FUNCTIONS: Readonly<Record<'min' | 'max' | 'clamp', { min: number; max: number; form: string }>> = {
  min: { min: 2, max: Infinity, form: 'min(a, b, ...)' },
  max: { min: 2, max: Infinity, form: 'max(a, b, ...)' },
  clamp: { min: 3, max: 3, form: 'clamp(x, low, high)' },
};

/**
 * Reward expression AST -> RewardExpr. Spans are recorded by RewardExpr path (`reward`,
 * `reward.left`, `reward.args.1`, ...) so that checks on the config point at the right text.
 * Parentheses only group; they leave no node.
 */
export function lowerReward(lo: Lowering, node: ExprNode, path = 'reward'): RewardExpr | undefined {
  lo.spans.set(path, node.range);
  switch (node.kind) {
    case 'number':
      return checkFinite(lo, node, path) ? { kind: 'number', value: node.value } : undefined;
    case 'aspect':
      return { kind: 'aspect', name: node.name };
    case 'paren':
      return lowerReward(lo, node.inner, path);
    case 'unary': {
      const operand = lowerReward(lo, node.operand, `${path}.operand`);
      return operand && { kind: 'unary', op: node.op, operand };
    }
    case 'binary': {
      const left = lowerReward(lo, node.left, `${path}.left`);
      const right = lowerReward(lo, node.right, `${path}.right`);
      lo.spans.set(`${path}.op`, node.opRange);
      return left && right && { kind: 'binary', op: node.op, left, right };
    }
    case 'if': {
      const test = lowerReward(lo, node.test, `${path}.test`);
      const then = lowerReward(lo, node.then, `${path}.then`);
      const otherwise = lowerReward(lo, node.else, `${path}.else`);
      return test && then && otherwise && { kind: 'if', test, then, else: otherwise };
    }
    case 'call': {
      const fn = node.fn.text;
      const known = Object.keys(REWARD_FUNCTIONS);
      if (!known.includes(fn)) {
        lo.error('reward.function', `unknown function "${fn}" in the reward`, node.fn.range, {
          expected: `one of: ${Object.values(REWARD_FUNCTIONS).map((f) => f.form).join(', ')}`,
          fix: didYouMean(fn, known) || 'write the reward with + - * /, comparisons, and/or/not, if-then-else, min, max, clamp',
          path,
        });
        return undefined;
      }
      const args = node.args.map((a, i) => lowerReward(lo, a, `${path}.args.${i}`));
      if (args.some((a) => a === undefined)) return undefined;
      lo.spans.set(`${path}.fn`, node.fn.range);
      return { kind: 'call', fn: fn as 'min' | 'max' | 'clamp', args: args as RewardExpr[] };
    }
  }
}
