import { SptError } from '../errors';
import type { RewardExpr } from '../spec/run-config';
import type { RewardShaper } from '../spec/reward-shaper';

/** Aspect scores of one candidate; undefined = every judgment of that aspect abstained. */
export type AspectScores = Readonly<Record<string, number | undefined>>;

/** A compiled reward: a pure function of the aspect scores, plus the aspects it can read. */
export interface CompiledReward {
  (scores: AspectScores): number | undefined;
  readonly aspects: readonly string[];
}

type Fn = (s: AspectScores) => number | undefined;

const truthy = (x: number) => x !== 0;
const bool = (b: boolean) => (b ? 1 : 0);

/**
 * Compiles a reward expression to a pure function. Semantics:
 * - numbers are numbers; comparisons, `and`, `or`, `not` give 1 (true) or 0 (false); non-zero is true;
 * - a missing aspect (undefined) makes every expression that needs its value undefined, so a
 *   missing judgment is never read as 0; `if` evaluates only the branch it takes, and `and`/`or`
 *   short-circuit, so a gate such as `if safety < 0.5 then -1 else quality + safety` is defined
 *   for an unsafe candidate even when its quality judgments abstained;
 * - `x / 0` is undefined (the candidate gets no reward rather than an infinite one);
 * - `min`/`max` take one or more arguments, `clamp(x, lo, hi)` three.
 */
export function compileReward(expr: RewardExpr): CompiledReward {
  const aspects = new Set<string>();
  const fn = compile(expr, aspects);
  return Object.assign((scores: AspectScores) => fn(scores), { aspects: [...aspects].sort() });
}

function compile(e: RewardExpr, aspects: Set<string>): Fn {
  switch (e.kind) {
    case 'number':
      return () => e.value;
    case 'aspect': {
      aspects.add(e.name);
      const name = e.name;
      return (s) => {
        const v = s[name];
        return v === undefined || Number.isNaN(v) ? undefined : v;
      };
    }
    case 'unary': {
      const a = compile(e.operand, aspects);
      return e.op === '-' ? lift1(a, (x) => -x) : lift1(a, (x) => bool(!truthy(x)));
    }
    case 'binary':
      return binary(e.op, compile(e.left, aspects), compile(e.right, aspects));
    case 'call':
      return call(e.fn, e.args.map((arg) => compile(arg, aspects)));
    case 'if': {
      const test = compile(e.test, aspects);
      const then = compile(e.then, aspects);
      const otherwise = compile(e.else, aspects);
      return (s) => {
        const t = test(s);
        if (t === undefined) return undefined;
        return truthy(t) ? then(s) : otherwise(s);
      };
    }
  }
}

function lift1(a: Fn, f: (x: number) => number): Fn {
  return (s) => {
    const x = a(s);
    return x === undefined ? undefined : f(x);
  };
}

function binary(op: Extract<RewardExpr, { kind: 'binary' }>['op'], l: Fn, r: Fn): Fn {
  if (op === 'and' || op === 'or') {
    const decides = op === 'and' ? (x: number) => !truthy(x) : truthy;
    return (s) => {
      const x = l(s);
      if (x === undefined) return undefined;
      if (decides(x)) return bool(op === 'or');
      const y = r(s);
      return y === undefined ? undefined : bool(truthy(y));
    };
  }
  const f = arithmetic[op];
  return (s) => {
    const x = l(s);
    if (x === undefined) return undefined;
    const y = r(s);
    return y === undefined ? undefined : f(x, y);
  };
}

const arithmetic: Record<string, (x: number, y: number) => number | undefined> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => (y === 0 ? undefined : x / y),
  '<': (x, y) => bool(x < y),
  '<=': (x, y) => bool(x <= y),
  '>': (x, y) => bool(x > y),
  '>=': (x, y) => bool(x >= y),
  '==': (x, y) => bool(x === y),
  '!=': (x, y) => bool(x !== y),
};

function call(fn: 'min' | 'max' | 'clamp', args: Fn[]): Fn {
  const arity = fn === 'clamp' ? args.length === 3 : args.length >= 1;
  if (!arity) {
    throw new SptError({
      code: 'config.reward',
      what: `reward expression calls ${fn} with ${args.length} argument(s)`,
      expected: fn === 'clamp' ? 'clamp(x, lo, hi)' : `${fn}(a, b, ...) with at least one argument`,
      got: `${args.length} argument(s)`,
      fix: 'correct the call in the reward expression',
    });
  }
  return (s) => {
    const xs: number[] = [];
    for (const a of args) {
      const v = a(s);
      if (v === undefined) return undefined;
      xs.push(v);
    }
    if (fn === 'clamp') return Math.min(Math.max(xs[0], xs[1]), xs[2]);
    return fn === 'min' ? Math.min(...xs) : Math.max(...xs);
  };
}

/** The default reward: the sum of the given aspects (the paper's choice). */
export function sumOfAspects(aspects: readonly string[]): RewardExpr {
  if (aspects.length === 0) return { kind: 'number', value: 0 };
  return aspects
    .map((name): RewardExpr => ({ kind: 'aspect', name }))
    .reduce((left, right) => ({ kind: 'binary', op: '+', left, right }));
}

/**
 * The recipe's `reward =` expression as the first link of the shaper chain: each candidate's
 * reward from its own scores (the incoming reward is ignored). judgePool applies it directly.
 */
export function expressionRewardShaper(expr: RewardExpr): RewardShaper {
  const reward = compileReward(expr);
  return { name: 'expression', scope: 'candidate', aspects: reward.aspects, shape: (pool) => pool.map((c) => reward(c.scores)) };
}
