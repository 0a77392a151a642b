import { describe, expect, it } from 'vitest';
import type { EvalSuite } from '../spec/eval-suite';
import { createBigramBackend } from '../testing/bigram-backend';
import { createMockEvalSuite } from '../testing/mock-eval';
import { mockRunConfig } from '../testing/plugins';
import { createEvalPoints, evalDue } from './eval-points';

describe('evalDue', () => {
  it('is due every `every` global steps and at the end of a scope; every 0 never', () => {
    const due = (every: number, ends: number) => Array.from({ length: 10 }, (_, i) => i + 1).filter((s) => evalDue(every, s, s === ends));
    expect(due(3, 10)).toEqual([3, 6, 9, 10]);
    expect(due(5, 10)).toEqual([5, 10]);
    expect(due(4, 7)).toEqual([4, 7, 8]);
    expect(due(0, 10)).toEqual([]);
  });
});

describe('createEvalPoints', () => {
  const config = mockRunConfig({ eval: { every: 2, prefixes: 5, against: 'start', seeds: 3 } });

  it('scores greedy K-token continuations of the first eval seed and writes eval/<metric> and time/eval', async () => {
    const backend = createBigramBackend({ seed: 1 });
    const suite = createMockEvalSuite();
    const points = createEvalPoints(config, suite);
    expect(points.every).toBe(2);
    const a = await points.measure(backend, 'main@2');
    expect(Object.keys(a.values).sort()).toEqual(['eval/clean_rate', 'eval/clean_rate_noisy', 'eval/noise_free_rate', 'time/eval']);
    expect(a.values['time/eval']).toBeGreaterThanOrEqual(0);
    expect(a.results.clean_rate).toBe(a.values['eval/clean_rate']);
    const gen = backend.calls.filter((c) => c.method === 'generate');
    expect(gen).toHaveLength(1);
    expect(gen[0].detail).toMatchObject({ prompts: 10, maxNewTokens: config.window.k });
    // The same prompts as `spt eval`'s first seed, scored the same way: the metric equals a direct call.
    const prompts = await suite.prompts({ count: 5, seed: config.train.seed * 1000 });
    const direct = await backend.generate({ prompts: prompts.map((p) => backend.tokenizer.encode(p.prefix)), maxNewTokens: config.window.k, temperature: 0, topP: 1, seeds: prompts.map(() => 0), stopAtEos: true });
    const scores = await suite.score(prompts, { model: 'x', texts: direct.tokens.map((t) => backend.tokenizer.decode(t)) });
    expect(a.results).toEqual(scores);
    // Greedy: a second point of unchanged weights measures the same.
    expect((await points.measure(backend, 'main@4')).results).toEqual(a.results);
  });

  it('draws the prompts once, and leaves out metrics that are not finite', async () => {
    let drawn = 0;
    const suite: EvalSuite = {
      name: 'nan.eval',
      prompts: ({ count }) => {
        drawn++;
        return Array.from({ length: count }, (_, i) => ({ id: String(i), set: 's', prefix: 'ab' }));
      },
      score: async () => ({ ok: 0.5, empty: Number.NaN, inf: Number.POSITIVE_INFINITY }),
      qualityJudges: () => ({}),
    };
    const points = createEvalPoints(config, suite);
    const backend = createBigramBackend();
    await points.measure(backend, 'a');
    const b = await points.measure(backend, 'b');
    expect(drawn).toBe(1);
    expect(b.results).toEqual({ ok: 0.5 });
    expect(Object.keys(b.values).sort()).toEqual(['eval/ok', 'time/eval']);
  });
});
