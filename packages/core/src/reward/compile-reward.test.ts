import { describe, expect, it } from 'vitest';
import type { RewardExpr } from '../spec/run-config';
import { compileReward, sumOfAspects } from './compile-reward';

const a = (name: string): RewardExpr => ({ kind: 'aspect', name });
const n = (value: number): RewardExpr => ({ kind: 'number', value });
const bin = (op: Extract<RewardExpr, { kind: 'binary' }>['op'], left: RewardExpr, right: RewardExpr): RewardExpr => ({
  kind: 'binary',
  op,
  left,
  right,
});

describe('compileReward', () => {
  it('sums aspects by default and lists what it reads', () => {
    const r = compileReward(sumOfAspects(['quality', 'safety', 'factuality']));
    expect(r({ quality: 0.5, safety: 1, factuality: 0.25 })).toBe(1.75);
    expect(r.aspects).toEqual(['factuality', 'quality', 'safety']);
  });

  it('is undefined when a needed aspect is missing, never 0', () => {
    const r = compileReward(sumOfAspects(['quality', 'safety']));
    expect(r({ quality: 0.5, safety: undefined })).toBeUndefined();
    expect(r({ quality: 0.5 })).toBeUndefined();
  });

  it('weights', () => {
    const r = compileReward(bin('+', bin('*', n(2), a('quality')), bin('*', n(0.5), a('safety'))));
    expect(r({ quality: 0.25, safety: 1 })).toBe(1);
  });

  it('gates: unsafe -> lowest reward, even when quality abstained', () => {
    const gate: RewardExpr = {
      kind: 'if',
      test: bin('<', a('safety'), n(0.5)),
      then: n(-1),
      else: bin('+', a('quality'), a('safety')),
    };
    const r = compileReward(gate);
    expect(r({ safety: 0, quality: undefined })).toBe(-1);
    expect(r({ safety: 1, quality: 0.5 })).toBe(1.5);
    expect(r({ safety: 1, quality: undefined })).toBeUndefined();
    expect(r({ safety: undefined, quality: 1 })).toBeUndefined();
  });

  it('logic gives 1/0 and short-circuits', () => {
    expect(compileReward(bin('and', n(0), a('x')))({})).toBe(0);
    expect(compileReward(bin('or', n(2), a('x')))({})).toBe(1);
    expect(compileReward(bin('and', n(1), a('x')))({})).toBeUndefined();
    expect(compileReward({ kind: 'unary', op: 'not', operand: n(0) })({})).toBe(1);
    expect(compileReward({ kind: 'unary', op: '-', operand: a('x') })({ x: 2 })).toBe(-2);
    expect(compileReward(bin('!=', n(1), n(2)))({})).toBe(1);
  });

  it('min, max, clamp and division by zero', () => {
    expect(compileReward({ kind: 'call', fn: 'min', args: [a('x'), a('y')] })({ x: 1, y: 0.5 })).toBe(0.5);
    expect(compileReward({ kind: 'call', fn: 'max', args: [a('x'), a('y')] })({ x: 1, y: undefined })).toBeUndefined();
    expect(compileReward({ kind: 'call', fn: 'clamp', args: [a('x'), n(0), n(1)] })({ x: 3 })).toBe(1);
    expect(compileReward(bin('/', n(1), a('x')))({ x: 0 })).toBeUndefined();
    expect(() => compileReward({ kind: 'call', fn: 'clamp', args: [n(1)] })).toThrow(/clamp\(x, lo, hi\)/);
  });
});
