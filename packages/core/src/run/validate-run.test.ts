import { describe, expect, it } from 'vitest';
import { positionsNeeded } from '../spec/policy-backend';
import { createBigramBackend } from '../testing/bigram-backend';
import { mockRunConfig } from '../testing/plugins';
import { validateBackend } from './validate-run';

describe('the contract length rule', () => {
  it('a sequence of n tokens needs n - 1 positions (its last token is only predicted)', () => {
    expect([0, 1, 2, 257].map(positionsNeeded)).toEqual([0, 0, 1, 256]);
  });

  it('accepts a window of maxContext + 1 tokens and names the largest valid one otherwise', () => {
    const backend = createBigramBackend({ maxContext: 64 });
    expect(() => validateBackend(mockRunConfig({ window: { prefixMax: 49, k: 16 } }), backend)).not.toThrow();
    expect(() => validateBackend(mockRunConfig({ window: { prefixMax: 50, k: 16 } }), backend)).toThrow(
      'window: prefix_max (50) + k (16) exceeds the model context\n' +
        '  expected: prefix_max + k at most 65 tokens (64 positions: the last token is only predicted)\n' +
        '  got: 66 tokens\n' +
        '  fix: lower prefix_max or k so that prefix_max + k <= 65, or use a model with a longer context',
    );
  });
});
