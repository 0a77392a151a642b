import { describe, expect, it } from 'vitest';
import { checkContinuationCount } from './check-continuations';

const prompts = [0, 1].map((i) => ({ id: String(i), set: 'standard', prefix: `p${i}` }));

describe('checkContinuationCount', () => {
  it('passes one continuation per prompt', () => {
    expect(() => checkContinuationCount('x.eval', prompts, { model: 'sip', texts: ['a', 'b'] })).not.toThrow();
  });

  it("names the suite's code, the model and both counts on a mismatch", () => {
    expect(() => checkContinuationCount('x.eval', prompts, { model: 'sip', texts: ['a'] })).toThrow(
      expect.objectContaining({ code: 'x.eval', what: 'model "sip" has 1 continuations for 2 prompts', expected: 'one continuation per prompt, in order' }),
    );
  });
});
