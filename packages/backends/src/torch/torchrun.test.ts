import { describe, expect, it } from 'vitest';
import type { DpoBatch, PolicyBackend } from '@spt/core';
import { torchLlamaPlugin } from './plugins';
import { skipPython, testContext, tinyOptions } from './test-worker.test-util';

const dpo: DpoBatch = {
  kind: 'dpo',
  beta: 0.1,
  nllAlpha: 0.1,
  pairs: [
    { prompt: [65, 66, 67], chosen: [68, 69, 70, 71], rejected: [90, 91, 92, 93] },
    { prompt: [10, 11], chosen: [12, 13], rejected: [14, 15, 16] },
    { prompt: [7], chosen: [8, 9, 10], rejected: [11] },
  ],
};
const gen = { prompts: [[72, 105], [1, 2, 3], [200], [9, 9, 9, 9], [100]], maxNewTokens: 6, temperature: 1, topP: 1, seeds: [1, 2, 3, 4, 5] };

async function session(extra: Record<string, unknown>) {
  const backend = (await torchLlamaPlugin.create(tinyOptions(extra), testContext() as never)) as PolicyBackend;
  try {
    const stats = [];
    for (let i = 0; i < 3; i++) stats.push(await backend.update(dpo, { lr: 0.01, step: i }));
    const tokens = (await backend.generate(gen)).tokens;
    return { stats, tokens, caps: backend.capabilities };
  } finally {
    await backend.dispose();
  }
}

describe.skipIf(skipPython)('torch backend under torchrun (2 CPU ranks, gloo)', () => {
  it('rank 0 relays the TS requests; FSDP on 2 ranks matches one process', async () => {
    const one = await session({});
    const two = await session({ nproc_per_node: 2, strategy: 'fsdp' });
    expect(two.caps.worldSize).toBe(2);
    expect(two.caps.device).toBe('cpu x 2 (fsdp)');
    expect(two.tokens).toEqual(one.tokens);
    two.stats.forEach((s, i) => {
      expect(s.tokens).toBe(one.stats[i].tokens);
      expect(s.loss).toBeCloseTo(one.stats[i].loss, 5);
      expect(s.gradNorm).toBeCloseTo(one.stats[i].gradNorm as number, 4);
    });
  }, 300_000);
});
