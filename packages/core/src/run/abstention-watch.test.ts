import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JudgedPool } from '../spec/judged-pool';
import type { RunConfig } from '../spec/run-config';
import type { RunEvent } from '../spec/run-observer';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { abstentionReasons, createAbstentionWatch } from './abstention-watch';
import { createRun } from './create-run';

const pool = (reasons: string[]): JudgedPool => ({
  window: { docId: 'd', index: 0, prefixTokens: [], suffixTokens: [], prefix: '', suffix: '' },
  candidates: [],
  judgments: { asked: reasons.length, abstained: reasons.length },
  verdicts: reasons.map((r) => ({ aspect: 'quality', candidates: [0, 1], sample: 0, abstained: r })),
});

describe('createAbstentionWatch', () => {
  it('counts reasons once per judgment and warns only when a reason is new', () => {
    expect(abstentionReasons([pool(['boom', 'boom', 'slow'])])).toEqual([['quality: boom', 2], ['quality: slow', 1]]);
    const watch = createAbstentionWatch(3);
    const p = pool(['boom']);
    expect(watch.observe(1, [p], [p])).toBe('judge abstentions at step 1 (1 this step, new reasons): 1 × quality: boom');
    expect(watch.observe(2, [p], [p])).toBeUndefined();
    expect(watch.observe(3, [pool(['boom', 'bad verdict'])], [p])).toBe('judge abstentions at step 3 (2 this step, new reasons): 1 × quality: bad verdict');
  });

  it('fails after max steps in a row without a usable pool, naming the reasons; a usable step resets the count', () => {
    const watch = createAbstentionWatch(2);
    const p = pool(['judge failed: 401']);
    watch.observe(1, [p], []);
    watch.observe(2, [p], [p]);
    watch.observe(3, [p], []);
    expect(() => watch.observe(4, [p], [])).toThrow(
      'no pool could be used in 2 steps in a row (steps 3-4): every pool was skipped because too many of its judgments abstained\n' +
        '  expected: judges that give verdicts (abstained share of a pool at most judging.max_abstention)\n' +
        '  got: 1 × quality: judge failed: 401',
    );
  });
});

describe('a run whose judge throws on every call', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'spt-abstain-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('shows the reason as a warning event and stops as failed, not completed', async () => {
    const base = mockRunConfig();
    const config: RunConfig = {
      ...base,
      judges: base.judges.map((j) => ({ ...j, judge: { ...j.judge, options: { throw_rate: 1 } } })),
      judging: { ...base.judging, maxUnusableSteps: 3 },
    };
    const handle = createRun(config, { plugins: [testingPlugins], runDir: dir });
    const events: RunEvent[] = [];
    for await (const e of handle.events()) events.push(e);
    const result = await handle.result();
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/^no pool could be used in 3 steps in a row \(steps 1-3\)/);
    const warnings = events.filter((e) => e.type === 'warning' && e.code === 'judge.abstained');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ message: expect.stringMatching(/^judge abstentions at step 1 \(\d+ this step, new reasons\): \d+ × \w+: judge failed: /) });
  });
});
