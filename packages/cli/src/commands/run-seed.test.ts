import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalPromptSeed } from '@spt/core';
import { createMockEvalSuite, testingPlugins } from '@spt/core/testing';
import { cli } from '../__fixtures__/cli';
import { mockRecipe } from '../__fixtures__/mock-recipe';
import { runConfig } from '../__fixtures__/run-config';
import { withSeed } from '../run/run-seed';

// Replicate runs of a tiny recipe over the testing kit (bigram policy, mock world), in-process
// with the real scheduler: shared NTP phase, then a SIP arm and an NTP arm, 2 steps each.
const dir = mkdtempSync(path.join(tmpdir(), 'spt-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'rep.spt'), mockRecipe('rep'));
const spt = (...argv: string[]) => cli(argv, { cwd: dir, loadPlugins: async () => [testingPlugins] });
/** The trained SIP arm's weights: what a different seed must change and the same seed must not. */
const sipWeights = (runDir: string) => readFileSync(path.join(dir, runDir, 'arms/sip/checkpoints/end/policy/policy.f64')).toString('hex');

describe('spt run --seed', () => {
  it('replaces the recipe seed; the default folder is runs/<name>-seed<n> and records the seed', async () => {
    const a = await spt('run', 'rep.spt', '--seed', '1', '--no-eval');
    expect(a.code).toBe(0);
    expect(a.out).toContain(`run completed after 6 steps; run folder: ${path.join(dir, 'runs/rep-seed1')}`);
    expect(JSON.parse(readFileSync(path.join(dir, 'runs/rep-seed1/seed.json'), 'utf8'))).toEqual({ seed: 1, recipeSeed: 3 });
  });

  it('two seeds train different weights; the same seed twice trains identical ones', async () => {
    expect((await spt('run', 'rep.spt', '--seed', '2', '--no-eval')).code).toBe(0);
    expect((await spt('run', 'rep.spt', '--seed', '2', '--no-eval', '--run-dir', 'runs/again')).code).toBe(0);
    expect(sipWeights('runs/rep-seed2')).not.toBe(sipWeights('runs/rep-seed1'));
    expect(sipWeights('runs/again')).toBe(sipWeights('runs/rep-seed2'));
  });

  it('refuses to continue a --seed run without --seed or with another seed, naming both seeds (exit 2)', async () => {
    const without = await spt('run', 'rep.spt', '--run-dir', 'runs/rep-seed2', '--resume', '--no-eval');
    expect(without.code).toBe(2);
    expect(without.err).toEqual([
      `error: run folder ${path.join(dir, 'runs/rep-seed2')} was started with training seed 2 (--seed 2), this command asks for seed 3 (no --seed (the recipe's seed 3))\n` +
        '  expected: the seed the run was started with: --seed 2\n' +
        "  got: no --seed (the recipe's seed 3)\n" +
        '  fix: resume with --seed 2, or start over with --fresh, or pick another --run-dir',
    ]);
    const other = await spt('run', 'rep.spt', '--run-dir', 'runs/rep-seed2', '--seed', '5', '--no-eval');
    expect(other.code).toBe(2);
    expect(other.err[0]).toContain('was started with training seed 2 (--seed 2), this command asks for seed 5 (--seed 5)');
    const same = await spt('run', 'rep.spt', '--seed', '2', '--resume', '--no-eval');
    expect(same.code).toBe(0);
  });

  it('refuses --seed on a folder started without one, unless it is the recipe seed', async () => {
    expect((await spt('run', 'rep.spt', '--run-dir', 'runs/plain', '--no-eval')).code).toBe(0);
    const r = await spt('run', 'rep.spt', '--run-dir', 'runs/plain', '--seed', '4', '--no-eval');
    expect(r.code).toBe(2);
    expect(r.err[0]).toContain("was started with training seed 3 (no --seed (the recipe's seed 3)), this command asks for seed 4 (--seed 4)");
  });

  it('rejects a seed that is not a whole number >= 1 like the other flags', async () => {
    const r = await spt('run', 'rep.spt', '--seed', '0');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('error: invalid --seed\n  expected: a whole number >= 1\n  got: 0\n  fix: e.g. --seed 2');
  });

  it('spt eval of a --seed folder evaluates with that seed; spt report names it', async () => {
    const r = await spt('eval', 'rep.spt', '--run-dir', 'runs/rep-seed2');
    expect(r.code).toBe(0);
    expect(r.err[0]).toBe(`training seed 2 (from ${path.join(dir, 'runs/rep-seed2/seed.json')}; the recipe says 3)`);
    // The evaluation prefixes derive from the training seed: they are seed 2's, not the recipe's.
    const results = JSON.parse(readFileSync(path.join(dir, 'runs/rep-seed2/eval/results.json'), 'utf8')) as { samples: Record<string, Array<{ prefix: string }>> };
    const prefixes = async (seed: number) => (await createMockEvalSuite().prompts({ count: 3, seed: evalPromptSeed(withSeed(runConfig(), seed), 0) })).map((p) => p.prefix);
    const got = results.samples.sip.map((s) => s.prefix);
    const seed2 = await prefixes(2);
    expect(got.every((p) => seed2.includes(p))).toBe(true);
    const seed3 = await prefixes(3);
    expect(got.some((p) => seed3.includes(p))).toBe(false);
    const report = await spt('report', 'runs/rep-seed2', '--smooth', '1');
    expect(report.code).toBe(0);
    expect(readFileSync(path.join(dir, 'runs/rep-seed2/report/report.md'), 'utf8')).toContain("Training seed 2 (`spt run --seed 2`; the recipe's seed is 3).");
  }, 60_000);
});
