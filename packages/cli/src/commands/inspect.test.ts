import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testingPlugins } from '@spt/core/testing';
import { cli } from '../__fixtures__/cli';
import { mockRecipe } from '../__fixtures__/mock-recipe';

// A tiny recipe over the testing kit with the pool log on: shared NTP phase, then SIP and NTP arms.
const dir = mkdtempSync(path.join(tmpdir(), 'spt-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'ins.spt'), mockRecipe('ins', { sipSteps: 4, batch: 3, candidates: 'original; rewrite mock.rewriter; rollouts 2', extra: 'pools every 2 { max: 2 }' }));
const spt = (...argv: string[]) => cli(argv, { cwd: dir, loadPlugins: async () => [testingPlugins] });

describe('spt inspect', () => {
  beforeAll(async () => {
    const r = await spt('run', 'ins.spt', '--no-eval');
    expect(r.code, r.err.join('\n')).toBe(0);
  });

  it('prints the logged pools of the SIP arm readably: candidates, marks, scores, verdict counts', async () => {
    const r = await spt('inspect', 'runs/ins');
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    // Pools are logged where there are pools: the SIP arm at its steps 4 and 6 (global), 2 each.
    expect(text.match(/^step \d+ · arm sip/gm)).toHaveLength(4);
    expect(text).toMatch(/^step 4 · arm sip · phase sip · pool 0 · doc \S+ · (chosen #\d+, rejected #\d+|skipped: \w+)$/m);
    expect(text).toMatch(/^ {2}prefix: …/m);
    expect(text).toMatch(/^ {5}#  source {4}reward  quality  clean  tokens  text$/m);
    expect(text).toMatch(/^ {2}> {2}\d  /m);
    expect(text).toMatch(/^ {2}verdicts: quality \d+, clean \d+$/m);
    expect(r.err).toEqual(['4 of 4 matching pools shown (4 logged)']);
  });

  it('filters by step and by the chosen source, and prints JSON lines with --json', async () => {
    const at6 = await spt('--json', 'inspect', 'runs/ins', '--step', '6');
    const pools = at6.out.map((l) => JSON.parse(l));
    expect(pools.map((p) => [p.type, p.step, p.arm])).toEqual([['pool', 6, 'sip'], ['pool', 6, 'sip']]);
    const all = (await spt('--json', 'inspect', 'runs/ins')).out.map((l) => JSON.parse(l));
    for (const source of ['original', 'rewrite', 'rollout']) {
      const some = (await spt('--json', 'inspect', 'runs/ins', '--source', source)).out.map((l) => JSON.parse(l));
      expect(some.length).toBe(all.filter((p) => p.chosen !== undefined && p.candidates[p.chosen].source === source).length);
    }
    const verbose = await spt('inspect', 'runs/ins', '--step', '4', '--limit', '1', '--verdicts');
    expect(verbose.out.join('\n')).toMatch(/^ {4}quality #\d+ vs #\d+: (first|second|tie)$/m);
    expect(verbose.out.join('\n')).toMatch(/^ {4}clean #\d+: score [\d.]+$/m);
  });

  it('says how to get a pool log when a run has none, and names a missing folder', async () => {
    mkdirSync(path.join(dir, 'runs/empty'), { recursive: true });
    const none = await spt('inspect', 'runs/empty');
    expect(none.code).toBe(2);
    expect(none.err.join('\n')).toContain(
      `error: run folder ${path.join(dir, 'runs/empty')} has no pool log (pools.jsonl)\n  expected: a run whose recipe logs pools\n  got: no pools.jsonl in the run folder or its arms\n  fix: add \`pools every 50 { max: 4 }\` to the recipe`,
    );
    const r = await spt('inspect', 'runs/missing');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain(`error: run folder ${path.join(dir, 'runs/missing')} does not exist`);
  });
});
