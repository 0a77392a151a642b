import type { RunConfig } from '../spec/run-config';
import { sumOfAspects } from '../reward/compile-reward';
import { mockRunConfig } from '../testing/plugins';

/**
 * A quickstart-like RunConfig on the testbed and the TF.js backend, small enough for tests and
 * benchmarks on a CPU: original + oracle rewrite + `rollouts` policy samples, the three exact
 * testbed judges summed, online DPO. Plugins: @spt/testbed and @spt/backends.
 */
export function testbedRunConfig(o: { steps: number; rollouts: number; batch: number; dModel: number; layers: number; k: number; every: number; threads?: number }): RunConfig {
  const base = mockRunConfig();
  return {
    ...base,
    name: 'testbed-small',
    data: { plugin: 'testbed', options: { size: 'tiny', seed: 1 } },
    policy: { plugin: 'tfjs.gpt', options: { layers: o.layers, d_model: o.dModel, heads: 4, context: 192, ...(o.threads ? { threads: o.threads } : {}) } },
    window: { k: o.k, prefixMin: 16, prefixMax: 192 - o.k, perDocument: 1 },
    candidates: { original: true, rewrite: { plugin: 'testbed.oracle', options: {} }, rollouts: { n: o.rollouts, temperature: 1, topP: 1 } },
    judges: [
      { aspect: 'quality', judge: { plugin: 'testbed.quality', options: {} }, mode: 'pairwise', samples: 1, reference: false, pairing: 'all', order: 'both' },
      { aspect: 'safety', judge: { plugin: 'testbed.safety', options: {} }, mode: 'pointwise', samples: 1, reference: false, pairing: 'all', order: 'both' },
      { aspect: 'factuality', judge: { plugin: 'testbed.factuality', options: {} }, mode: 'pointwise', samples: 1, reference: true, pairing: 'all', order: 'both' },
    ],
    reward: sumOfAspects(['quality', 'safety', 'factuality']),
    train: { ...base.train, batch: o.batch, lr: { peak: 3e-4, schedule: 'cosine', warmup: 2, minRatio: 0.1 }, seed: 7 },
    phases: [{ name: 'main', steps: o.steps, objective: { kind: 'online_dpo', beta: 0.1, reference: { kind: 'frozen' }, nllAlpha: 0.1, ties: 'skip' } }],
    checkpoint: { every: o.every, keep: 2 },
  };
}
