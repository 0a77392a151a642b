import type { PhaseConfig, RunConfig } from '@spt/core';

const dpo = { kind: 'online_dpo', beta: 0.1, reference: { kind: 'frozen' }, nllAlpha: 0, ties: 'skip' } as const;

/** A small but complete RunConfig: one shared phase and two arms (SIP vs continued NTP). */
export function runConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  const phase = (name: string, steps: number, extra: Partial<PhaseConfig> = {}): PhaseConfig => ({ name, steps, objective: dpo, ...extra });
  return {
    name: 'fixture',
    uses: [],
    data: { plugin: 'testbed.corpus', options: {} },
    policy: { plugin: 'tfjs.gpt', options: { layers: 2 } },
    window: { k: 16, prefixMin: 8, prefixMax: 32, perDocument: 1 },
    candidates: { original: true, rollouts: { n: 4, temperature: 1, topP: 1 } },
    judges: [],
    reward: { kind: 'aspect', name: 'quality' },
    curriculum: { weights: { rollouts: { kind: 'linear', from: 0, to: 1, start: 0, end: 100 } }, params: {} },
    train: {
      batch: 4,
      lr: { peak: 3e-4, schedule: 'cosine', warmup: 20, minRatio: 0.1 },
      seed: 7,
      staleness: 0,
      microBatch: 0,
      gradClip: 1,
      weightDecay: 0,
    },
    phases: [phase('warmup', 100, { objective: { kind: 'ntp' } })],
    arms: [
      { name: 'sip', phases: [phase('main', 200, { curriculum: { weights: {}, params: { beta: { kind: 'step', values: [0.1, 0.05], boundaries: [100] } } } })] },
      { name: 'ntp', phases: [phase('main', 100, { objective: { kind: 'ntp' }, lr: { peak: 1e-4, schedule: 'constant', warmup: 10, minRatio: 1 } })] },
    ],
    judging: { concurrency: 4, maxAbstention: 0.5, cache: 'memory' },
    eval: { every: 50, prefixes: 32, against: 'start', seeds: 1 },
    checkpoint: { every: 100, keep: 2 },
    ...overrides,
  };
}
