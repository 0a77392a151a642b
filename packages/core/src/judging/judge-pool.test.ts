import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../spec/candidate-source';
import type { JudgeConfig } from '../spec/run-config';
import type { ShapedCandidate } from '../spec/reward-shaper';
import { compileReward, sumOfAspects } from '../reward/compile-reward';
import { createScriptedPairwiseJudge, createScriptedPointwiseJudge, cleanliness } from '../testing/mock-judges';
import { createMemoryJudgmentCache } from './memory-cache';
import { emptyJudgingStats, judgePool, type JudgeDeps } from './judge-pool';
import { stepCalibration } from './calibration';

const window = { docId: 'd', index: 0, prefixTokens: [1], suffixTokens: [2], prefix: 'The ', suffix: 'cat sat' };
const cand = (source: string, text: string, i = 0): Candidate => ({ id: `${source}:${i}`, source, text, tokens: [text.length] });
const pool = [cand('original', 'cat sat'), cand('rewrite', 'cat sat'), cand('rollout', 'c4t s@t', 0), cand('rollout', 'dog ran', 1)];
const cfg = (aspect: string, mode: 'pairwise' | 'pointwise', extra: Partial<JudgeConfig> = {}): JudgeConfig => ({
  aspect,
  judge: { plugin: `mock.${aspect}`, options: {} },
  mode,
  samples: 1,
  reference: false,
  pairing: 'all',
  order: 'both',
  ...extra,
});
const deps = (over: Partial<JudgeDeps> = {}): JudgeDeps => ({
  seed: 1,
  step: 0,
  position: 0,
  limit: pLimit(4),
  timeoutMs: 0,
  stats: emptyJudgingStats(),
  ...over,
});
const prefer = () =>
  createScriptedPairwiseJudge((i) => {
    const d = cleanliness(i.first) - cleanliness(i.second);
    return d === 0 ? 'tie' : d > 0 ? 'first' : 'second';
  });

describe('judgePool', () => {
  it('judges identical texts once and shares their scores', async () => {
    const judge = prefer();
    const out = await judgePool(window, pool, [{ config: cfg('quality', 'pairwise'), judge }], compileReward(sumOfAspects(['quality'])), deps());
    // 3 unique texts, all pairs, both orders
    expect(judge.calls).toHaveLength(6);
    const q = out.candidates.map((c) => c.scores.quality);
    expect(q[0]).toBe(q[1]);
    expect(q[0]).toBe(0.75); // beats the noisy one twice, ties "dog ran" twice
    expect(q[2]).toBe(0);
    expect(out.candidates.map((c) => c.reward)).toEqual(q);
    expect(out.judgments).toEqual({ asked: 6, abstained: 0 });
  });

  it('pivot mode compares against the pivot source only', async () => {
    const judge = prefer();
    await judgePool(window, pool, [{ config: cfg('quality', 'pairwise', { pairing: { pivot: 'original' }, order: 'random' }), judge }], compileReward(sumOfAspects(['quality'])), deps());
    expect(judge.calls).toHaveLength(2);
    for (const c of judge.calls) expect([c.input.first, c.input.second]).toContain('cat sat');
  });

  it('knockout pairing: brackets for the best and worst, every unit scored, fewer calls than all pairs', async () => {
    const texts = ['cat sat', 'c4t s@t', 'dog ran', 'd0g r@n', 'x#y%z!', 'the cat', 'a @ b'];
    const big = texts.map((t, i) => cand(i === 0 ? 'original' : 'rollout', t, i));
    const all = prefer();
    const ko = prefer();
    const reward = compileReward(sumOfAspects(['quality']));
    const a = await judgePool(window, big, [{ config: cfg('quality', 'pairwise'), judge: all }], reward, deps());
    const stats = emptyJudgingStats();
    const k = await judgePool(window, big, [{ config: cfg('quality', 'pairwise', { pairing: 'knockout' }), judge: ko }], reward, deps({ stats }));
    expect(all.calls).toHaveLength(42);
    expect(ko.calls.length).toBeLessThanOrEqual(2 * (Math.ceil((3 * 7) / 2) - 1));
    expect(k.candidates.every((c) => c.scores.quality !== undefined)).toBe(true);
    const best = (p: typeof a) => Math.max(...p.candidates.map((c) => cleanliness(c.text)));
    const top = k.candidates.reduce((x, c) => ((c.reward as number) > (x.reward as number) ? c : x));
    expect(cleanliness(top.text)).toBe(best(a));
    expect(k.verdicts).toHaveLength(ko.calls.length);
  });

  it('adaptive pairing: the knockout brackets, its race (error rate, margin) counted in the stats, scores on the all-pairs scale', async () => {
    const texts = ['cat sat', 'c4t s@t', 'dog ran', 'd0g r@n', 'x#y%z!', 'the cat', 'a @ b'];
    const big = texts.map((t, i) => cand(i === 0 ? 'original' : 'rollout', t, i));
    const judge = prefer();
    const stats = emptyJudgingStats();
    const p = await judgePool(window, big, [{ config: cfg('quality', 'pairwise', { pairing: { adaptive: { confidence: 0.99 } } }), judge }], compileReward(sumOfAspects(['quality'])), deps({ stats }));
    expect(stats.races.pools).toBe(1);
    expect(stats.races.margin).toBe(2); // a judge that never disagrees with itself: the prior's margin
    expect(stats.races.errorRate).toBeLessThan(0.06);
    // scores are expected shares of wins against the others (Bradley-Terry over the matches): in (0, 1), mean 1/2
    const q = p.candidates.map((c) => c.scores.quality as number);
    for (const v of q) expect(v > 0 && v < 1).toBe(true);
    expect(q.reduce((a, b) => a + b, 0) / q.length).toBeCloseTo(0.5, 9);
    const top = p.candidates.reduce((x, c) => ((c.reward as number) > (x.reward as number) ? c : x));
    expect(cleanliness(top.text)).toBe(Math.max(...texts.map(cleanliness)));
  });

  it('adaptive pairing with a step calibration: pools share one error estimate, so the contradictions of one pool widen the race of every pool', async () => {
    const texts = ['cat sat', 'c4t s@t', 'dog ran', 'd0g r@n', 'x#y%z!', 'the cat', 'a @ b'];
    const big = texts.map((t, i) => cand(i === 0 ? 'original' : 'rollout', t, i));
    const adaptive = cfg('quality', 'pairwise', { pairing: { adaptive: { confidence: 0.95 } } });
    const reward = compileReward(sumOfAspects(['quality']));
    const positional = createScriptedPairwiseJudge(() => 'first'); // contradicts itself on every swapped pair
    const judgeBoth = async (shared: boolean) => {
      const calibrations = shared ? { quality: stepCalibration(0.95, 2) } : undefined;
      const stats = [emptyJudgingStats(), emptyJudgingStats()];
      await Promise.all([
        judgePool(window, big, [{ config: adaptive, judge: prefer() }], reward, deps({ stats: stats[0], position: 0, ...(calibrations ? { calibrations } : {}) })),
        judgePool(window, big, [{ config: adaptive, judge: positional }], reward, deps({ stats: stats[1], position: 1, ...(calibrations ? { calibrations } : {}) })),
      ]);
      return stats.map((s) => s.races);
    };
    const [cleanAlone, biasedAlone] = await judgeBoth(false);
    const [clean, biased] = await judgeBoth(true);
    expect(cleanAlone.errorRate).toBeLessThan(0.06);
    expect(biasedAlone.errorRate).toBeGreaterThan(0.2);
    expect(clean).toEqual(biased); // one estimate for the step
    expect(clean.errorRate).toBeGreaterThan(cleanAlone.errorRate);
    expect(clean.margin).toBeGreaterThan(cleanAlone.margin);
  });

  it('pointwise samples are averaged; abstentions are data and leave rewards undefined', async () => {
    const judge = createScriptedPointwiseJudge((i, ctx) =>
      i.candidate === 'dog ran' ? { ok: false, reason: 'no verdict' } : ctx.sample === 0 ? 1 : 0.5,
    );
    const throwing = createScriptedPointwiseJudge(() => {
      throw new Error('boom');
    });
    const stats = emptyJudgingStats();
    const out = await judgePool(
      window,
      pool,
      [{ config: cfg('safety', 'pointwise', { samples: 2, reference: true }), judge }],
      compileReward(sumOfAspects(['safety'])),
      deps({ stats }),
    );
    expect(out.candidates.map((c) => c.scores.safety)).toEqual([0.75, 0.75, 0.75, undefined]);
    expect(out.candidates[3].reward).toBeUndefined();
    expect(out.candidates[3].abstentions).toEqual(['safety: no verdict', 'safety: no verdict']);
    expect(judge.calls[0].input.reference).toBe('cat sat');
    expect(stats.abstained).toBe(2);
    const bad = await judgePool(window, pool.slice(0, 1), [{ config: cfg('safety', 'pointwise'), judge: throwing }], compileReward(sumOfAspects(['safety'])), deps());
    expect(bad.candidates[0].abstentions).toEqual(['safety: judge failed: boom']);
  });

  it('a task window that names meta.judge_prefix (a rewriter task) is judged on that prefix, others on their own', async () => {
    const point = createScriptedPointwiseJudge(() => 1);
    const pair = prefer();
    const task = { ...window, prefix: 'Text: The \nEnding: c4t s@t\nSafe and true ending:', meta: { judge_prefix: 'The ' } };
    const judges = [{ config: cfg('safety', 'pointwise'), judge: point }, { config: cfg('quality', 'pairwise'), judge: pair }];
    await judgePool(task, pool, judges, compileReward(sumOfAspects(['safety', 'quality'])), deps());
    expect(new Set([...point.calls, ...pair.calls].map((c) => c.input.prefix))).toEqual(new Set(['The ']));
    const plain = createScriptedPointwiseJudge(() => 1);
    await judgePool({ ...task, meta: {} }, pool, [{ config: cfg('safety', 'pointwise'), judge: plain }], compileReward(sumOfAspects(['safety'])), deps());
    expect(plain.calls[0].input.prefix).toBe(task.prefix);
  });

  it('out-of-range scores and timeouts become abstentions', async () => {
    const wild = createScriptedPointwiseJudge(() => 3);
    const slow = createScriptedPointwiseJudge(() => new Promise<number>((r) => setTimeout(() => r(1), 200)));
    const reward = compileReward(sumOfAspects(['a']));
    const out1 = await judgePool(window, pool.slice(0, 1), [{ config: cfg('a', 'pointwise'), judge: wild }], reward, deps());
    expect(out1.candidates[0].abstentions).toEqual(['a: score 3 outside [0, 1]']);
    const out2 = await judgePool(window, pool.slice(0, 1), [{ config: cfg('a', 'pointwise'), judge: slow }], reward, deps({ timeoutMs: 20 }));
    expect(out2.candidates[0].abstentions).toEqual(['a: judge failed: timed out after 20 ms']);
    expect(slow.calls[0].ctx.signal?.aborted).toBe(true);
  });

  it('goes through the cache: a second identical pool costs no call', async () => {
    const judge = prefer();
    const cache = createMemoryJudgmentCache();
    const stats = emptyJudgingStats();
    const reward = compileReward(sumOfAspects(['quality']));
    const a = await judgePool(window, pool, [{ config: cfg('quality', 'pairwise'), judge }], reward, deps({ cache, stats }));
    const b = await judgePool(window, pool, [{ config: cfg('quality', 'pairwise'), judge }], reward, deps({ cache, stats, step: 5 }));
    expect(judge.calls).toHaveLength(6);
    expect(stats.cacheHits).toBe(6);
    expect(b.candidates.map((c) => c.reward)).toEqual(a.candidates.map((c) => c.reward));
  });

  it('respects the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const judge = createScriptedPointwiseJudge(async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return 1;
    });
    const many = Array.from({ length: 12 }, (_, i) => cand('rollout', `t${i}`, i));
    await judgePool(window, many, [{ config: cfg('a', 'pointwise'), judge }], compileReward(sumOfAspects(['a'])), deps({ limit: pLimit(3) }));
    expect(peak).toBe(3);
  });

  it('shapers run after the expression, and knockout prunes through them', async () => {
    // 'the cat' (safety 0.5) can be neither best nor worst by the expression alone, so plain bounds
    // would leave it unjudged; its source bonus makes it the best, and shaped bounds must see that.
    const safetyOf: Record<string, number> = { 'cat s@t': 1, 'c4t s@t': 1, 'd0g ran': 1, 'd0g r@n': 0, 'x#y%z!': 0, 'a @ b': 0, 'the cat': 0.5 };
    const texts = Object.keys(safetyOf);
    const big = texts.map((t, i) => cand(t === 'the cat' ? 'retrieved' : 'rollout', t, i));
    const reward = compileReward({ kind: 'binary', op: '+', left: { kind: 'aspect', name: 'quality' }, right: { kind: 'binary', op: '*', left: { kind: 'number', value: 3 }, right: { kind: 'aspect', name: 'safety' } } });
    const bonus = { name: 'bonus', scope: 'candidate' as const, shape: (p: readonly ShapedCandidate[]) => p.map((c) => (c.reward === undefined ? undefined : c.reward + (c.source === 'retrieved' ? 2 : 0))) };
    const shaping = { shapers: [bonus], ctx: { step: 0, globalStep: 0, phase: 'main' } };
    const run = (pairing: JudgeConfig['pairing'], withShapers: boolean) =>
      judgePool(
        window,
        big,
        [
          { config: cfg('safety', 'pointwise'), judge: createScriptedPointwiseJudge((i) => safetyOf[i.candidate]) },
          { config: cfg('quality', 'pairwise', { pairing }), judge: prefer() },
        ],
        reward,
        deps(withShapers ? { shaping } : {}),
      );
    const top = (p: Awaited<ReturnType<typeof run>>) => p.candidates.reduce((x, c) => ((c.reward ?? -Infinity) > (x.reward ?? -Infinity) ? c : x)).text;
    const all = await run('all', true);
    expect(top(all)).toBe('the cat');
    expect(all.candidates.find((c) => c.text === 'the cat')!.reward).toBeCloseTo(1 + 1.5 + 2);
    const ko = await run('knockout', true);
    expect(top(ko)).toBe('the cat');
    const plain = await run('knockout', false);
    expect(plain.candidates.find((c) => c.text === 'the cat')!.reward).toBeUndefined();
  });
});
