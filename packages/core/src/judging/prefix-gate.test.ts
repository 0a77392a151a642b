import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../spec/candidate-source';
import type { JudgeConfig } from '../spec/run-config';
import { compileReward, sumOfAspects } from '../reward/compile-reward';
import { createScriptedPointwiseJudge } from '../testing/mock-judges';
import { emptyJudgingStats, judgePool } from './judge-pool';
import { createPrefixGate } from './prefix-gate';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('prefix gate', () => {
  it('lets the first request of a key go alone, the rest once it is answered; other keys are not held', async () => {
    const gate = createPrefixGate();
    const order: string[] = [];
    const first = await gate.enter('a');
    const second = gate.enter('a').then((p) => (order.push('a2'), p));
    const other = gate.enter('b').then((p) => (order.push('b1'), p));
    await tick();
    expect(order).toEqual(['b1']);
    first.done();
    (await second).done();
    await tick();
    expect(order).toEqual(['b1', 'a2']);
    const third = await gate.enter('a'); // warm: at once
    third.done();
    (await other).done();
    expect(gate.stats).toEqual({ waited: 1, warmed: 2 });
  });

  it('a failed first request still releases the others (they go, they do not hang)', async () => {
    const gate = createPrefixGate();
    const first = await gate.enter('k');
    const waiter = gate.enter('k');
    first.done(); // called from a finally, answer or not
    await expect(waiter).resolves.toBeDefined();
  });

  it('forgets the oldest keys beyond its size (a forgotten key warms again)', async () => {
    const gate = createPrefixGate(2);
    for (const k of ['a', 'b', 'c']) (await gate.enter(k)).done();
    const again = await gate.enter('a');
    expect(gate.stats.warmed).toBe(3);
    again.done();
    expect(gate.stats.warmed).toBe(4);
  });
});

describe('judgePool with judging { warm_prefix }', () => {
  const window = (i: number) => ({ docId: `d${i}`, index: 0, prefixTokens: [1], suffixTokens: [2], prefix: `prefix ${i} `, suffix: 'x' });
  const cand = (t: string, i: number): Candidate => ({ id: `rollout:${i}`, source: 'rollout', text: t, tokens: [1] });
  const cfg: JudgeConfig = { aspect: 'a', judge: { plugin: 'mock.a', options: {} }, mode: 'pointwise', samples: 1, reference: false, pairing: 'all', order: 'both' };

  it('sends one call per window first and the window\'s others only after it returns; verdicts unchanged', async () => {
    const inFlight = new Map<string, number>();
    const answered = new Set<string>();
    const violations: string[] = [];
    const judge = createScriptedPointwiseJudge(async (input) => {
      // Another call of this window starting while none of its calls has been answered breaks the order.
      if ((inFlight.get(input.prefix) ?? 0) > 0 && !answered.has(input.prefix)) violations.push(input.prefix);
      inFlight.set(input.prefix, (inFlight.get(input.prefix) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 3));
      inFlight.set(input.prefix, inFlight.get(input.prefix)! - 1);
      answered.add(input.prefix);
      return input.candidate.length / 10;
    });
    const pools = [0, 1, 2].map((w) => ({ w: window(w), c: Array.from({ length: 5 }, (_, i) => cand(`text ${i}`, i)) }));
    const run = (gate: ReturnType<typeof createPrefixGate> | undefined) =>
      Promise.all(pools.map((p, position) => judgePool(p.w, p.c, [{ config: cfg, judge }], compileReward(sumOfAspects(['a'])), { seed: 1, step: 0, position, limit: pLimit(8), timeoutMs: 0, stats: emptyJudgingStats(), ...(gate ? { gate } : {}) })));
    const gated = await run(createPrefixGate());
    expect(violations).toEqual([]);
    inFlight.clear();
    answered.clear();
    const free = await run(undefined);
    expect(violations.length).toBeGreaterThan(0); // without the gate, a window's calls overlap its first
    expect(gated.map((p) => p.candidates.map((c) => c.reward))).toEqual(free.map((p) => p.candidates.map((c) => c.reward)));
  });
});
