import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testingPlugins } from '@spt/core/testing';
import { cli } from '../__fixtures__/cli';
import { mockRecipe } from '../__fixtures__/mock-recipe';

// A world sweep of a tiny recipe over the testing kit (bigram policy, mock world whose `noise`
// and `seed` play the part of testbed world options), in-process with the real scheduler.
const dir = mkdtempSync(path.join(tmpdir(), 'spt-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'sw.spt'), mockRecipe('sw'));
const write = (name: string, value: unknown) => writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
write('worlds.json', { seeds: [1, 2], worlds: { clean: { noise: 0 }, noisy: { seed: 5, noise: 0.6 } } });
const spt = (...argv: string[]) => cli(argv, { cwd: dir, loadPlugins: async () => [testingPlugins] });
const weights = (runDir: string) => readFileSync(path.join(dir, runDir, 'arms/sip/checkpoints/end/policy/policy.f64')).toString('hex');

describe('spt run --data', () => {
  it('merges data options over the recipe, records them, and eval reads them back', async () => {
    const r = await spt('run', 'sw.spt', '--data', '{"noise": 0.6}', '--run-dir', 'runs/d', '--no-eval');
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'runs/d/data.json'), 'utf8'))).toEqual({ options: { noise: 0.6 } });
    const e = await spt('eval', 'sw.spt', '--run-dir', 'runs/d');
    expect(e.code).toBe(0);
    expect(e.err).toContain(`data options {"noise":0.6} (from ${path.join(dir, 'runs/d/data.json')}) over the recipe's`);
  });

  it('holdout in --data is the core\'s setting, as in the recipe (not a data plugin option), and is checked', async () => {
    const r = await spt('run', 'sw.spt', '--data', '{"noise": 0.1, "holdout": 0.2}', '--run-dir', 'runs/h', '--no-eval');
    expect(r.code, r.err.join('\n')).toBe(0);
    const bad = await spt('run', 'sw.spt', '--data', '{"holdout": 1.5}', '--run-dir', 'runs/bad');
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain('`holdout` is invalid\n  expected: a share of documents above 0 and at most 0.99');
  });

  it('rejects text that is not a JSON object, and options the data plugin does not take, before training', async () => {
    const notJson = await spt('run', 'sw.spt', '--data', 'noise=0.6', '--run-dir', 'runs/bad');
    expect(notJson.code).toBe(2);
    expect(notJson.err.join('\n')).toContain('error: --data is not a JSON object of data options\n  expected: a JSON object, e.g. {"seed": 2, "people": 16, "unsafe": 0.3}\n  got: noise=0.6');
    const unknown = await spt('run', 'sw.spt', '--data', '{"noise": 2}', '--run-dir', 'runs/bad');
    expect(unknown.code).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/^error: --data: data mock\.docs option `noise` is invalid: .*\n {2}expected: options that `spt plugins data mock\.docs` lists/);
    expect(existsSync(path.join(dir, 'runs/bad'))).toBe(false);
  });
});

describe('spt sweep', () => {
  it('runs every world x seed into its own folder, evaluates each, and prints the verdict per world', async () => {
    const r = await spt('sweep', 'sw.spt', 'worlds.json', '--out', 'runs/sweep');
    expect(r.code, r.err.join('\n')).toBe(0);
    for (const label of ['clean-seed1', 'clean-seed2', 'noisy-seed1', 'noisy-seed2']) {
      expect(existsSync(path.join(dir, 'runs/sweep', label, 'eval/results.json'))).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(dir, 'runs/sweep/noisy-seed2/data.json'), 'utf8'))).toEqual({ options: { seed: 5, noise: 0.6 } });
    expect(JSON.parse(readFileSync(path.join(dir, 'runs/sweep/noisy-seed2/seed.json'), 'utf8'))).toEqual({ seed: 2, recipeSeed: 3 });
    // Another world or another seed trains other weights.
    expect(weights('runs/sweep/noisy-seed1')).not.toBe(weights('runs/sweep/clean-seed1'));
    expect(weights('runs/sweep/clean-seed2')).not.toBe(weights('runs/sweep/clean-seed1'));
    const md = readFileSync(path.join(dir, 'runs/sweep/sweep.md'), 'utf8');
    expect(md).toContain('## World sweep: targets per world (means over training seeds)');
    expect(md).toMatch(/\| clean \| 2 \|/);
    expect(md).toMatch(/\| noisy \| 2 \|/);
    // The mock suite has none of the testbed's target metrics: no world can pass.
    expect(md).toContain('**Verdict: 0 of 2 world(s) meet every target.**');
    expect(r.out.join('\n')).toContain(`written: ${path.join(dir, 'runs/sweep/sweep.md')}`);
  }, 120_000);

  it('a second call trains nothing (every folder is evaluated) and gives the same summary', async () => {
    const before = readFileSync(path.join(dir, 'runs/sweep/sweep.md'), 'utf8');
    const r = await spt('sweep', 'sw.spt', 'worlds.json', '--out', 'runs/sweep');
    expect(r.code).toBe(0);
    expect(r.err.some((l) => l.startsWith('sweep '))).toBe(false);
    expect(readFileSync(path.join(dir, 'runs/sweep/sweep.md'), 'utf8')).toBe(before);
  });

  it('with `start`, the arms branch from each run\'s earlier start checkpoint and the shared phases are skipped', async () => {
    write('from-start.json', { seeds: [1], worlds: { noisy: { seed: 5, noise: 0.6 } }, start: 'runs/sweep/{world}-seed{seed}/checkpoints/end' });
    const r = await spt('sweep', 'sw.spt', 'from-start.json', '--out', 'runs/again');
    expect(r.code, r.err.join('\n')).toBe(0);
    const first = readFileSync(path.join(dir, 'runs/again/noisy-seed1/eval/results.json'), 'utf8');
    const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
    expect(lines(path.join(dir, 'runs/again/noisy-seed1/metrics.jsonl')).filter((m) => m.phase === 'pretrain')).toEqual([]);
    const policy = (run: string) => readFileSync(path.join(dir, run, 'checkpoints/end/policy/policy.f64')).toString('hex');
    expect(policy('runs/again/noisy-seed1')).toBe(policy('runs/sweep/noisy-seed1'));
    // The folder records its start, so spt eval on it by hand rebuilds the same config.
    expect(JSON.parse(readFileSync(path.join(dir, 'runs/again/noisy-seed1/data.json'), 'utf8'))).toEqual({ options: { seed: 5, noise: 0.6 }, start: path.join(dir, 'runs/sweep/noisy-seed1/checkpoints/end') });
    const again = await spt('eval', 'sw.spt', '--run-dir', 'runs/again/noisy-seed1');
    expect(again.code, again.err.join('\n')).toBe(0);
    const measured = (text: string) => ({ ...JSON.parse(text), seconds: 0 });
    expect(measured(readFileSync(path.join(dir, 'runs/again/noisy-seed1/eval/results.json'), 'utf8'))).toEqual(measured(first));
    // The arm's steps count from the start checkpoint's step (0: nothing shared was trained here).
    expect(lines(path.join(dir, 'runs/again/noisy-seed1/arms/sip/metrics.jsonl')).map((m) => m.step)).toEqual([1, 2]);
    expect(existsSync(path.join(dir, 'runs/again/noisy-seed1/eval/results.json'))).toBe(true);
    write('no-start.json', { seeds: [1, 9], worlds: { noisy: {} }, start: 'runs/sweep/{world}-seed{seed}/checkpoints/end' });
    const missing = await spt('sweep', 'sw.spt', 'no-start.json', '--out', 'runs/bad');
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toContain(`error: sweep file \`start\`: the start checkpoint of noisy-seed9 does not exist\n  expected: a checkpoint folder (e.g. an earlier sweep's <run>/checkpoints/end)\n  got: ${path.join(dir, 'runs/sweep/noisy-seed9/checkpoints/end')}`);
    expect(existsSync(path.join(dir, 'runs/bad'))).toBe(false);
  }, 120_000);

  it('names the file, the field and the fix for a bad sweep file, before anything trains', async () => {
    write('bad1.json', { seeds: [], worlds: { a: {} } });
    const a = await spt('sweep', 'sw.spt', 'bad1.json', '--out', 'runs/bad');
    expect(a.code).toBe(2);
    expect(a.err.join('\n')).toContain(`error: ${path.join(dir, 'bad1.json')}: \`seeds\` is invalid\n  expected: a non-empty list of whole numbers >= 0 (training seeds)\n  got: []\n  fix: e.g. "seeds": [7, 8]`);
    write('bad2.json', { seeds: [1], worlds: { 'a b': {} } });
    expect((await spt('sweep', 'sw.spt', 'bad2.json')).err.join('\n')).toContain('`worlds.a b` is invalid');
    write('bad3.json', { seeds: [1], worlds: { ok: { noise: 0.1 }, wrong: { noise: 'high' } } });
    const c = await spt('sweep', 'sw.spt', 'bad3.json', '--out', 'runs/bad');
    expect(c.code).toBe(2);
    expect(c.err.join('\n')).toContain(`error: ${path.join(dir, 'bad3.json')} (worlds.wrong): data mock.docs option \`noise\` is invalid`);
    write('bad5.json', { seeds: [1], worlds: { a: {} }, start: 3 });
    expect((await spt('sweep', 'sw.spt', 'bad5.json')).err.join('\n')).toContain('`start` is invalid\n  expected: a checkpoint path with {world} and {seed} in it');
    write('bad4.json', '{"seeds": [1], ');
    expect((await spt('sweep', 'sw.spt', 'bad4.json')).err.join('\n')).toContain(`error: ${path.join(dir, 'bad4.json')} is not valid JSON`);
    expect(existsSync(path.join(dir, 'runs/bad'))).toBe(false);
  });
});
