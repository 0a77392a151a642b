import { describe, expect, it } from 'vitest';
import { describeJudgeConformance } from './judge-conformance';
import { createCleanPairwiseJudge, createCleanPointwiseJudge, createScriptedPairwiseJudge, createScriptedPointwiseJudge } from './mock-judges';

describeJudgeConformance('mock.clean', () => createCleanPointwiseJudge({ abstainRate: 0.3 }), { describe, it });
describeJudgeConformance('mock.prefer_clean', () => createCleanPairwiseJudge({ abstainRate: 0.2 }), { describe, it });

describe('the conformance suite catches broken judges', () => {
  const collect = (make: Parameters<typeof describeJudgeConformance>[1]) => {
    const tests: Array<{ name: string; body: () => Promise<void> }> = [];
    describeJudgeConformance('broken', make, { it: (name, body) => tests.push({ name, body }) });
    return tests;
  };
  const failures = async (make: Parameters<typeof describeJudgeConformance>[1]) => {
    const out: string[] = [];
    for (const t of collect(make)) await t.body().catch((e: Error) => out.push(`${t.name}: ${e.message.split('\n')[0]}`));
    return out;
  };

  it('a throwing judge', async () => {
    const f = await failures(() => createScriptedPointwiseJudge(() => { throw new Error('boom'); }));
    expect(f).toEqual(['never throws, and answers in range or abstains with a reason: input #0 threw instead of returning an abstention: boom', expect.stringContaining('is deterministic')]);
  });
  it('out of range, missing reasons, randomness, asymmetric ties', async () => {
    expect(await failures(() => createScriptedPointwiseJudge(() => 1.5))).toEqual([
      'never throws, and answers in range or abstains with a reason: input #0: score 1.5 outside [0, 1]',
    ]);
    expect(await failures(() => createScriptedPointwiseJudge(() => ({ ok: false, reason: '' })))).toEqual([
      expect.stringMatching(/abstention without a reason/),
    ]);
    expect(await failures(() => createScriptedPointwiseJudge(() => Math.random()))).toEqual([expect.stringMatching(/two calls disagree/)]);
    expect(await failures(() => createScriptedPairwiseJudge((i) => (i.first.length <= i.second.length ? 'tie' : 'first')))).toEqual([
      expect.stringMatching(/a tie became first when the texts swapped/),
    ]);
  });
});
