import { describe, expect, it } from 'vitest';
import { compileToy } from '../__fixtures__/helpers';
import { toyRegistry } from '../__fixtures__/toy-plugins';
import { DEFAULTS } from './defaults';
import { defineRunConfig, sumOfAspects } from './define-run-config';

describe('defineRunConfig', () => {
  it('fills every default the recipe compiler fills', () => {
    const config = defineRunConfig({ name: 'min', data: 'toy.data', policy: 'toy.gpt', steps: 10 });
    expect(config).toEqual({
      name: 'min',
      uses: [],
      data: { plugin: 'toy.data', options: {} },
      policy: { plugin: 'toy.gpt', options: {} },
      window: DEFAULTS.window,
      candidates: { original: true },
      judges: [],
      reward: { kind: 'number', value: 0 },
      curriculum: { weights: {}, params: {} },
      train: { ...DEFAULTS.train, lr: DEFAULTS.lr },
      phases: [{ name: 'main', steps: 10, objective: DEFAULTS.objective }],
      arms: [],
      judging: DEFAULTS.judging,
      checkpoint: DEFAULTS.checkpoint,
      metrics: [],
      observers: [],
    });
  });

  it('gives the same RunConfig as the equivalent recipe: two views of one thing', () => {
    const recipe = `recipe same {
  data toy.data { docs: 5 }
  policy toy.gpt { context: 512 }
  window { k: 64, prefix: 16..256 }
  candidates { original; rollouts 4 { temperature: 0.8 } }
  judge quality toy.quality
  judge safety toy.safety { samples: 3 }
  reward = quality + 2 * safety
  curriculum { rollouts: linear(0 -> 1, steps 0..50), temperature: 0.9 }
  phase warm { steps: 50; objective ntp; lr: 1e-3 }
  arm sip { steps: 100; objective online_dpo { beta: 0.05, reference: sync every 10 } }
  arm ntp { steps: 100; objective ntp }
  train { batch: 4, lr: 5e-6 cosine warmup 10, seed: 3 }
  eval every 50 { against: ntp, prompt_seed: 11 }
}`;
    const compiled = compileToy(recipe);
    expect(compiled.diagnostics).toEqual([]);
    const written = defineRunConfig(
      {
        name: 'same',
        data: { plugin: 'toy.data', options: { docs: 5 } },
        policy: { plugin: 'toy.gpt', options: { context: 512 } },
        window: { k: 64, prefixMin: 16, prefixMax: 256 },
        candidates: { original: true, rollouts: { n: 4, temperature: 0.8 } },
        judges: [
          { aspect: 'quality', judge: 'toy.quality' },
          { aspect: 'safety', judge: 'toy.safety', samples: 3 },
        ],
        reward: {
          kind: 'binary',
          op: '+',
          left: { kind: 'aspect', name: 'quality' },
          right: { kind: 'binary', op: '*', left: { kind: 'number', value: 2 }, right: { kind: 'aspect', name: 'safety' } },
        },
        curriculum: { weights: { rollout: { kind: 'linear', from: 0, to: 1, start: 0, end: 50 } }, params: { temperature: 0.9 } },
        phases: [{ name: 'warm', steps: 50, objective: { kind: 'ntp' }, lr: 1e-3 }],
        arms: [
          { name: 'sip', phases: [{ name: 'sip', steps: 100, objective: { kind: 'online_dpo', beta: 0.05, reference: { kind: 'sync', every: 10 } } }] },
          { name: 'ntp', phases: [{ name: 'ntp', steps: 100, objective: { kind: 'ntp' } }] },
        ],
        train: { batch: 4, lr: { peak: 5e-6, warmup: 10 }, seed: 3 },
        eval: { every: 50, against: 'ntp', promptSeed: 11 },
        source: { file: 'toy.spt' },
      },
      // With a registry, a judge's mode defaults from its manifest, as in the compiler.
      { registry: toyRegistry() },
    );
    expect(written).toEqual(compiled.config);
  });

  it('sums the judged aspects left to right when no reward is given', () => {
    expect(sumOfAspects(['a', 'b', 'c'])).toEqual({
      kind: 'binary',
      op: '+',
      left: { kind: 'binary', op: '+', left: { kind: 'aspect', name: 'a' }, right: { kind: 'aspect', name: 'b' } },
      right: { kind: 'aspect', name: 'c' },
    });
  });

  it('does not share default objects between configs', () => {
    const a = defineRunConfig({ name: 'a', data: 'd', policy: 'p', steps: 1 });
    (a.phases[0].objective as { beta: number }).beta = 9;
    a.window.k = 1;
    const b = defineRunConfig({ name: 'b', data: 'd', policy: 'p', steps: 1 });
    expect(b.phases[0].objective).toEqual(DEFAULTS.objective);
    expect(b.window.k).toBe(DEFAULTS.window.k);
  });
});
