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

  it('online_dpo with ntp_alpha needs a backend that accepts a dpo anchor, set or scheduled', () => {
    const anchored = mockRunConfig({ phases: [{ name: 'main', steps: 6, objective: { kind: 'online_dpo', beta: 0.5, reference: { kind: 'frozen' }, nllAlpha: 0, ties: 'skip', ntpAlpha: 1 } }] });
    const backend = createBigramBackend();
    expect(() => validateBackend(anchored, backend)).not.toThrow();
    const without = { ...backend, capabilities: { ...backend.capabilities, dpoAnchor: false } };
    expect(() => validateBackend(anchored, without)).toThrow('online_dpo with ntp_alpha needs an NTP anchor inside dpo updates');
    const scheduled = mockRunConfig({ curriculum: { weights: {}, params: { ntp_alpha: { kind: 'constant', value: 1 } } } });
    expect(() => validateBackend(scheduled, without)).toThrow('fix: remove ntp_alpha from the objective (and the curriculum)');
    expect(() => validateBackend(mockRunConfig(), without)).not.toThrow();
  });
});
