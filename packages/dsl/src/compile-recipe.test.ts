import { describe, expect, it } from 'vitest';
import { compileToy, edit, summary } from './__fixtures__/helpers';
import { BASE_RECIPE } from './__fixtures__/toy-plugins';
import { compileRecipe } from './compile-recipe';

/** Compiles and insists on no diagnostics at all; returns the config. */
function ok(text: string) {
  const r = compileToy(text);
  expect(summary(r.diagnostics)).toEqual([]);
  return r.config!;
}

describe('compileRecipe: each construct lands in the RunConfig', () => {
  it('compiles the base recipe with every default filled in', () => {
    expect(ok(BASE_RECIPE)).toEqual({
      name: 'toy',
      uses: [],
      data: { plugin: 'toy.data', options: { docs: 20 } },
      policy: { plugin: 'toy.gpt', options: { layers: 2, context: 256 } },
      window: { k: 32, prefixMin: 16, prefixMax: 128, perDocument: 1 },
      candidates: {
        original: true,
        rewrite: { plugin: 'toy.rewriter', options: {} },
        rewriteFit: 'keep',
        rollouts: { n: 4, temperature: 1, topP: 0.95 },
      },
      judges: [
        { aspect: 'quality', judge: { plugin: 'toy.quality', options: {} }, mode: 'pairwise', samples: 1, reference: false, pairing: 'all', order: 'both' },
        { aspect: 'safety', judge: { plugin: 'toy.safety', options: {} }, mode: 'pointwise', samples: 1, reference: false, pairing: 'all', order: 'both' },
      ],
      reward: { kind: 'binary', op: '+', left: { kind: 'aspect', name: 'quality' }, right: { kind: 'aspect', name: 'safety' } },
      curriculum: { weights: { rollout: { kind: 'linear', from: 0, to: 1, start: 0, end: 100 } }, params: {} },
      train: {
        batch: 8,
        lr: { peak: 3e-4, schedule: 'cosine', warmup: 10, minRatio: 0.1 },
        seed: 7,
        staleness: 0,
      },
      phases: [{ name: 'main', steps: 200, objective: { kind: 'online_dpo', beta: 0.1, reference: { kind: 'frozen' }, nllAlpha: 0, ties: 'skip' } }],
      arms: [],
      judging: { concurrency: 8, maxAbstention: 0.5, cache: 'memory', timeoutMs: 0 },
      eval: { every: 100, prefixes: 64, against: 'start', seeds: 1 },
      checkpoint: { every: 50, keep: 2 },
      metrics: [],
      observers: [],
      source: { file: 'toy.spt' },
    });
  });

  it('pools every N { max: M }: the pool log, off unless written; max defaults to 4', () => {
    expect(compileToy(BASE_RECIPE).config?.pools).toBeUndefined();
    const on = compileToy(edit('checkpoint every 50 { keep: 2 }', 'checkpoint every 50 { keep: 2 }\n  pools every 25 { max: 3 }'));
    expect(summary(on.diagnostics)).toEqual([]);
    expect(on.config?.pools).toEqual({ every: 25, max: 3 });
    expect(compileToy(edit('checkpoint every 50 { keep: 2 }', 'checkpoint every 50 { keep: 2 }\n  pools every 10')).config?.pools).toEqual({ every: 10, max: 4 });
    const bad = compileToy(edit('checkpoint every 50 { keep: 2 }', 'checkpoint every 50 { keep: 2 }\n  pools every 0 { max: 3, keep: 1 }'));
    expect(bad.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['option.unknown', 'option.range']));
  });

  it('observe: observer plugins in order with their options; a typo suggests the name, a wrong kind names the kind', () => {
    const c = ok(edit('  eval every 100 { prefixes: 64 }', '  eval every 100 { prefixes: 64 }\n  observe toy.notify { every: 5 }\n  observe toy.notify'));
    expect(c.observers).toEqual([{ plugin: 'toy.notify', options: { every: 5 } }, { plugin: 'toy.notify', options: {} }]);
    const typo = compileToy(edit('  eval every 100 { prefixes: 64 }', '  eval every 100 { prefixes: 64 }\n  observe toy.notfy'));
    expect(typo.diagnostics.map((d) => d.fix).join(' ')).toContain('toy.notify');
    const kind = compileToy(edit('  eval every 100 { prefixes: 64 }', '  eval every 100 { prefixes: 64 }\n  observe toy.metrics'));
    expect(kind.config).toBeUndefined();
    expect(kind.diagnostics.map((d) => d.message).join(' ')).toMatch(/observer/);
    const bad = compileToy(edit('  eval every 100 { prefixes: 64 }', '  eval every 100 { prefixes: 64 }\n  observe toy.notify { every: 0 }'));
    expect(bad.config).toBeUndefined();
  });

  it('curriculum <plugin> { options }: a curriculum plugin, checked like any plugin; window takes no plugin name', () => {
    const plugged = (body: string) => edit('  curriculum { rollouts: linear(0 -> 1, steps 0..100) }', `  curriculum ${body}`);
    const c = ok(plugged('toy.warmup { steps: 50 }'));
    expect(c.curriculum).toEqual({ weights: {}, params: {}, plugin: { plugin: 'toy.warmup', options: { steps: 50 } } });
    const typo = compileToy(plugged('toy.warmp { steps: 50 }'));
    expect(typo.config).toBeUndefined();
    expect(typo.diagnostics.map((d) => d.fix).join(' ')).toContain('toy.warmup');
    const opt = compileToy(plugged('toy.warmup { stepz: 50 }'));
    expect(opt.config).toBeUndefined();
    const win = compileToy(edit('window {', 'window toy.warmup {'));
    expect(win.diagnostics.map((d) => d.message)).toContain('window takes no plugin name');
  });

  it('pairing: adaptive compiles with the default confidence or a written one; a confidence outside (0.5, 1) is an error at its position', () => {
    const judgeWith = (p: string) => compileToy(edit('judge quality toy.quality pairwise', `judge quality toy.quality pairwise { pairing: ${p} }`));
    expect(judgeWith('adaptive').config?.judges[0].pairing).toEqual({ adaptive: { confidence: 0.95 } });
    expect(judgeWith('adaptive 0.99').config?.judges[0].pairing).toEqual({ adaptive: { confidence: 0.99 } });
    const bad = judgeWith('adaptive 1');
    expect(bad.config).toBeUndefined();
    const d = bad.diagnostics.find((x) => x.message.startsWith('the confidence of pairing adaptive'));
    expect(d?.fix).toContain('pairing: adaptive 0.99');
    expect(d?.range.start.line).toBeGreaterThan(0);
  });

  it('pairing: knockout compiles, and needs pools of two or more candidates (checked before any model loads)', () => {
    const ok = compileToy(edit('judge quality toy.quality pairwise', 'judge quality toy.quality pairwise { pairing: knockout }'));
    expect(summary(ok.diagnostics)).toEqual([]);
    expect(ok.config?.judges[0].pairing).toBe('knockout');
    const lone = compileToy(
      edit('candidates { original; rewrite toy.rewriter; rollouts 4 { temperature: 1.0, top_p: 0.95 } }', 'candidates { original }', edit('judge quality toy.quality pairwise', 'judge quality toy.quality pairwise { pairing: knockout }')),
    );
    expect(lone.diagnostics.map((d) => [d.code, d.message])).toContainEqual(['judge.knockout', 'pairing knockout needs pools of 2 or more candidates; a pool here holds at most 1']);
    const bad = compileToy(edit('judge quality toy.quality pairwise', 'judge quality toy.quality pairwise { pairing: bracket }'));
    expect(bad.diagnostics.map((d) => d.message)).toContain('pairing must be "all", "knockout", "adaptive [<confidence>]" or "pivot <source>"');
  });

  it('use: package names in order', () => {
    expect(ok(edit('recipe toy {', 'recipe toy {\n  use "@spt/testbed"\n  use "./local-plugins"')).uses).toEqual(['@spt/testbed', './local-plugins']);
  });

  it('init from: a checkpoint to start from', () => {
    expect(ok(edit('  window', '  init from "runs/base/checkpoints/last"\n  window')).init).toEqual({ from: 'runs/base/checkpoints/last' });
  });

  it('plugin options: numbers, strings, booleans, words, ranges, durations, lists, blocks, env()', () => {
    const c = ok(
      edit(
        'judge safety toy.safety',
        'judge safety toy.safety { model: "gpt-4o-mini", api_key: env("OPENAI_API_KEY"), timeout: 1.5s }',
      ),
    );
    expect(c.judges[1].judge.options).toEqual({ model: 'gpt-4o-mini', api_key: { $env: 'OPENAI_API_KEY' }, timeout: 1.5 });
    const free = compileRecipe('recipe r { data x { a: 1_000, b: -2.5e-3, c: true, d: fast, e: 1..4, f: [1, "two", [3]], g: { h: 2m }, i: null } policy p objective ntp train { steps: 1 } }');
    expect(summary(free.diagnostics)).toEqual([]);
    expect(free.config?.data.options).toEqual({ a: 1000, b: -0.0025, c: true, d: 'fast', e: { min: 1, max: 4 }, f: [1, 'two', [3]], g: { h: 120 }, i: null });
  });

  it('data holdout is the core\'s setting: lifted out of the plugin options, checked, with its position', () => {
    const c = ok(edit('data toy.data { docs: 20 }', 'data toy.data { docs: 20, holdout: 0.05 }'));
    expect(c.data).toEqual({ plugin: 'toy.data', options: { docs: 20 }, holdout: 0.05 });
    const bad = compileToy(edit('data toy.data { docs: 20 }', 'data toy.data { docs: 20, holdout: 1.5 }'));
    expect(summary(bad.diagnostics).join('\n')).toMatch(/data\.holdout|held-out share/);
    const text = compileToy(edit('data toy.data { docs: 20 }', 'data toy.data { docs: 20, holdout: lots }'));
    expect(summary(text.diagnostics).join('\n')).toContain('data holdout must be a number');
  });

  it('window: k, a prefix range or one length, windows per document', () => {
    expect(ok(edit('window { k: 32, prefix: 16..128 }', 'window { k: 16, prefix: 64, per_document: 3 }')).window).toEqual({
      k: 16,
      prefixMin: 64,
      prefixMax: 64,
      perDocument: 3,
    });
  });

  it('candidates: the block lists the whole pool; extra sources; rewrite fit', () => {
    const c = ok(
      edit(
        'candidates { original; rewrite toy.rewriter; rollouts 4 { temperature: 1.0, top_p: 0.95 } }',
        'candidates {\n    rollouts 2\n    rewrite toy.rewriter { model: "m", fit: pad_eos }\n    source retrieved toy.retrieval { k: 2 }\n  }',
      ),
    );
    expect(c.candidates).toEqual({
      original: false,
      rewrite: { plugin: 'toy.rewriter', options: { model: 'm' } },
      rewriteFit: 'pad_eos',
      rollouts: { n: 2, temperature: 1, topP: 1 },
      extra: { retrieved: { plugin: 'toy.retrieval', options: { k: 2 } } },
    });
  });

  it('judge: mode from the manifest, samples, reference, pairing pivot, order, plugin options', () => {
    const c = ok(
      edit(
        'judge safety toy.safety',
        'judge safety toy.safety { samples: 5, model: "big" }\n  judge factuality toy.factuality reference original\n  judge fact2 toy.factuality pairwise { pairing: pivot original, order: random, reference: none }',
      ).replace('reward = quality + safety', 'reward = quality + safety + factuality + fact2'),
    );
    expect(c.judges.slice(1)).toEqual([
      { aspect: 'safety', judge: { plugin: 'toy.safety', options: { model: 'big' } }, mode: 'pointwise', samples: 5, reference: false, pairing: 'all', order: 'both' },
      { aspect: 'factuality', judge: { plugin: 'toy.factuality', options: {} }, mode: 'pointwise', samples: 1, reference: true, pairing: 'all', order: 'both' },
      { aspect: 'fact2', judge: { plugin: 'toy.factuality', options: {} }, mode: 'pairwise', samples: 1, reference: false, pairing: { pivot: 'original' }, order: 'random' },
    ]);
  });

  it('judge and rewrite: options { } passes plugin options named like a core setting', () => {
    const c = ok(
      edit('judge safety toy.safety', 'judge safety toy.safety { samples: 2, options: { samples: 3, model: "m" } }').replace(
        'rewrite toy.rewriter;',
        'rewrite toy.rewriter { fit: drop, options: { model: "r" } };',
      ),
    );
    expect(c.judges[1]).toMatchObject({ samples: 2, judge: { plugin: 'toy.safety', options: { samples: 3, model: 'm' } } });
    expect(c.candidates).toMatchObject({ rewriteFit: 'drop', rewrite: { plugin: 'toy.rewriter', options: { model: 'r' } } });
  });

  it('reward: precedence, comparisons, and/or/not, min/max/clamp, if-then-else gates', () => {
    const c = ok(edit('reward = quality + safety', 'reward = if safety < 0.5 then -1 else min(quality, 1) * 2 + clamp(safety - 0.1, 0, 1) / 4 and not (quality >= 1 or safety == 0)'));
    expect(c.reward).toEqual({
      kind: 'if',
      test: { kind: 'binary', op: '<', left: { kind: 'aspect', name: 'safety' }, right: { kind: 'number', value: 0.5 } },
      then: { kind: 'unary', op: '-', operand: { kind: 'number', value: 1 } },
      else: {
        kind: 'binary',
        op: 'and',
        left: {
          kind: 'binary',
          op: '+',
          left: { kind: 'binary', op: '*', left: { kind: 'call', fn: 'min', args: [{ kind: 'aspect', name: 'quality' }, { kind: 'number', value: 1 }] }, right: { kind: 'number', value: 2 } },
          right: {
            kind: 'binary',
            op: '/',
            left: {
              kind: 'call',
              fn: 'clamp',
              args: [{ kind: 'binary', op: '-', left: { kind: 'aspect', name: 'safety' }, right: { kind: 'number', value: 0.1 } }, { kind: 'number', value: 0 }, { kind: 'number', value: 1 }],
            },
            right: { kind: 'number', value: 4 },
          },
        },
        right: {
          kind: 'unary',
          op: 'not',
          operand: {
            kind: 'binary',
            op: 'or',
            left: { kind: 'binary', op: '>=', left: { kind: 'aspect', name: 'quality' }, right: { kind: 'number', value: 1 } },
            right: { kind: 'binary', op: '==', left: { kind: 'aspect', name: 'safety' }, right: { kind: 'number', value: 0 } },
          },
        },
      },
    });
  });

  it('reward: left out, it is the sum of the judged aspects', () => {
    expect(ok(edit('  reward = quality + safety\n', '')).reward).toEqual(ok(BASE_RECIPE).reward);
  });

  it('curriculum: constant, linear, cosine, step; source weights and parameters', () => {
    const c = ok(
      edit(
        'curriculum { rollouts: linear(0 -> 1, steps 0..100) }',
        'curriculum {\n    rollouts: linear(0 -> 1, steps 0..100)\n    rewrite: step(1, 0.5 from 50, 0 from 150)\n    original: 1\n    temperature: cosine(1.2 -> 0.8, steps 0..200)\n    beta: constant(0.2)\n  }',
      ),
    );
    expect(c.curriculum).toEqual({
      weights: {
        rollout: { kind: 'linear', from: 0, to: 1, start: 0, end: 100 },
        rewrite: { kind: 'step', values: [1, 0.5, 0], boundaries: [50, 150] },
        original: { kind: 'constant', value: 1 },
      },
      params: {
        temperature: { kind: 'cosine', from: 1.2, to: 0.8, start: 0, end: 200 },
        beta: { kind: 'constant', value: 0.2 },
      },
    });
  });

  it('objective: online_dpo options, rf_nll, ntp, sft <source>', () => {
    expect(ok(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective online_dpo { beta: 0.05, reference: sync every 50, nll_alpha: 0.2, ties: skip }')).phases[0].objective).toEqual({
      kind: 'online_dpo',
      beta: 0.05,
      reference: { kind: 'sync', every: 50 },
      nllAlpha: 0.2,
      ties: 'skip',
    });
    expect(ok(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective online_dpo { ntp_alpha: 0.5 }')).phases[0].objective).toMatchObject({ kind: 'online_dpo', ntpAlpha: 0.5 });
    expect(ok(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective online_dpo { beta: 0.1 }')).phases[0].objective).not.toHaveProperty('ntpAlpha');
    const dpo = (opts: string) => edit('objective online_dpo { beta: 0.1, reference: frozen }', `objective online_dpo { ${opts} }`);
    expect(ok(dpo('pairs_per_pool: 3, min_gap: 1')).phases[0].objective).toMatchObject({ kind: 'online_dpo', pairsPerPool: 3, minGap: 1 });
    expect(ok(dpo('beta: 0.1')).phases[0].objective).not.toHaveProperty('pairsPerPool');
    // The toy pool: original + rewrite + 4 rollouts = 6 candidates, so at most 5 pairs.
    const tooMany = compileToy(dpo('pairs_per_pool: 6')).diagnostics;
    expect(summary(tooMany).join('\n')).toContain('pairs_per_pool 6 asks for more pairs than');
    expect(tooMany.map((d) => d.fix).join('\n')).toContain('pairs_per_pool: 5');
    expect(summary(compileToy(dpo('pairs_per_pool: 1.5')).diagnostics).join('\n')).toMatch(/pairs_per_pool/);
    expect(summary(compileToy(dpo('min_gap: -1')).diagnostics).join('\n')).toMatch(/min_gap/);
    expect(ok(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective grpo { clip: 0.1, kl_beta: 0.05, variant: dr_grpo }')).phases[0].objective).toEqual({ kind: 'grpo', clip: 0.1, klBeta: 0.05, variant: 'dr_grpo' });
    expect(ok(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective grpo')).phases[0].objective).toEqual({ kind: 'grpo', clip: 0.2, klBeta: 0, variant: 'grpo' });
    const few = compileToy(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective grpo').replace(/rollouts \d+/, 'rollouts 1'));
    expect(summary(few.diagnostics).join('\n')).toContain("grpo compares the policy's own samples, but");
    const badVariant = compileToy(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective grpo { variant: ppo }'));
    expect(summary(badVariant.diagnostics).join('\n')).toMatch(/variant/);
    expect(ok(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective rf_nll')).phases[0].objective).toEqual({ kind: 'rf_nll' });
    expect(ok(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective sft rollouts')).phases[0].objective).toEqual({ kind: 'sft', source: 'rollout' });
    const ntp = edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective ntp').replace('  curriculum { rollouts: linear(0 -> 1, steps 0..100) }\n', '');
    expect(ok(ntp).phases[0].objective).toEqual({ kind: 'ntp' });
  });

  it('train: every setting, lr with schedule, warmup and min_ratio in any order', () => {
    const c = ok(edit('train { steps: 200, batch: 8, lr: 3e-4 cosine warmup 10, seed: 7 }', 'train { steps: 200, batch: 8, lr: 1e-3 min_ratio 0 linear warmup 20, seed: 1, staleness: 1, micro_batch: 4, grad_clip: 0.5, weight_decay: 0.01 }'));
    expect(c.train).toEqual({ batch: 8, lr: { peak: 1e-3, schedule: 'linear', warmup: 20, minRatio: 0 }, seed: 1, staleness: 1, microBatch: 4, gradClip: 0.5, weightDecay: 0.01 });
  });

  it('judging, metrics, eval (suite, against an arm), checkpoint', () => {
    const c = ok(
      edit('  eval every 100 { prefixes: 64 }', '  judging { concurrency: 32, max_abstention: 0.2, cache: "runs/cache.sqlite", timeout: 45s }\n  metrics toy.metrics { dir: "tb" }\n  eval every 100 { prefixes: 64, against: ntp, seeds: 3, suite: toy.eval { sets: ["unsafe"] } }\n  arm sip { steps: 100 }\n  arm ntp { steps: 100; objective ntp }').replace(
        'train { steps: 200,',
        'train {',
      ),
    );
    expect(c.judging).toEqual({ concurrency: 32, maxAbstention: 0.2, cache: 'runs/cache.sqlite', timeoutMs: 45000 });
    expect(c.metrics).toEqual([{ plugin: 'toy.metrics', options: { dir: 'tb' } }]);
    expect(c.eval).toEqual({ every: 100, prefixes: 64, against: 'ntp', seeds: 3, suite: { plugin: 'toy.eval', options: { sets: ['unsafe'] } } });
    expect(c.checkpoint).toEqual({ every: 50, keep: 2 });
  });

  it('phases and arms: shared NTP pretraining, then SIP and continued NTP from the same checkpoint', () => {
    const text = edit('train { steps: 200, batch: 8,', 'train { batch: 8,').replace(
      '  eval every 100 { prefixes: 64 }',
      `  phase pretrain {
    steps: 300
    objective ntp
    lr: 1e-3 cosine warmup 30
  }
  arm sip {
    phase warm {
      steps: 100
      candidates { original; rollouts 2 }
      curriculum { rollouts: 1 }
    }
    phase full { steps: 100 }
  }
  arm ntp { steps: 200; objective ntp }
  eval every 100 { prefixes: 64, against: ntp }`,
    );
    const c = ok(text);
    const dpo = { kind: 'online_dpo', beta: 0.1, reference: { kind: 'frozen' }, nllAlpha: 0, ties: 'skip' };
    expect(c.phases).toEqual([{ name: 'pretrain', steps: 300, objective: { kind: 'ntp' }, lr: { peak: 1e-3, schedule: 'cosine', warmup: 30, minRatio: 0.1 } }]);
    expect(c.arms).toEqual([
      {
        name: 'sip',
        phases: [
          {
            name: 'warm',
            steps: 100,
            objective: dpo,
            candidates: { original: true, rollouts: { n: 2, temperature: 1, topP: 1 } },
            curriculum: { weights: { rollout: { kind: 'constant', value: 1 } }, params: {} },
          },
          { name: 'full', steps: 100, objective: dpo },
        ],
      },
      { name: 'ntp', phases: [{ name: 'ntp', steps: 200, objective: { kind: 'ntp' } }] },
    ]);
  });

  it('comments (# and //), semicolons, commas, quoted names and blank lines are accepted', () => {
    const text = `// a recipe
recipe "my run" { # name in quotes
  data toy.data;  policy "toy.gpt" { layers: 2; context: 2048, } # trailing separators
  train { steps: 10 } objective rf_nll
  judge quality toy.quality
  candidates { original, rollouts 1 }
}
# the end`;
    const c = ok(text);
    expect(c.name).toBe('my run');
    expect(c.policy).toEqual({ plugin: 'toy.gpt', options: { layers: 2, context: 2048 } });
    expect(c.window).toEqual({ k: 128, prefixMin: 32, prefixMax: 1920, perDocument: 1 });
  });

  it('without a registry, only the recipe itself is checked', () => {
    const r = compileRecipe(edit('toy.gpt', 'no.such.policy'));
    expect(summary(r.diagnostics)).toEqual([]);
    expect(r.config?.policy.plugin).toBe('no.such.policy');
  });

  it('never throws, even for text that is not a recipe at all', () => {
    for (const text of ['', '}', 'recipe', '\u0000\u0001', 'recipe x { reward = ((( }', 'recipe x { data }']) {
      const r = compileToy(text);
      expect(r.config).toBeUndefined();
      expect(r.diagnostics.length).toBeGreaterThan(0);
      expect(r.diagnostics.some((d) => d.code === 'internal.error')).toBe(false);
    }
  });
});
