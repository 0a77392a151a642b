import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corePlugins, isHeldOut } from '@spt/core';
import { testingPlugins } from '@spt/core/testing';
import { cli } from '../__fixtures__/cli';

// A user's own corpus (JSON Lines) with documents held out, a policy and judges from the testing
// kit: `spt run` then `spt eval` use the judged suite (the recipe names none; data has a holdout).
const dir = mkdtempSync(path.join(tmpdir(), 'spt-eval-judged-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma', 'kappa', 'theta'];
const lines = Array.from({ length: 120 }, (_, i) => JSON.stringify({ id: `d${i}`, text: Array.from({ length: 14 }, (_, j) => words[(i * 7 + j * 3) % 8]).join(' ') + (i % 5 === 0 ? ' #$% noise' : '') }));
writeFileSync(path.join(dir, 'corpus.jsonl'), `${lines.join('\n')}\n`);
writeFileSync(
  path.join(dir, 'corpus.spt'),
  `recipe corpus {
  data jsonl { path: "corpus.jsonl", id_field: "id", holdout: 0.2, repeat: true }
  policy mock.bigram { seed: 1 }
  window { k: 8, prefix: 8..16 }
  candidates { original; rollouts 2 }
  judge quality mock.prefer_clean pairwise
  judge clean mock.clean
  reward = quality + clean
  train { batch: 2, lr: 1.0, seed: 3 }
  arm sip { steps: 2
    objective online_dpo { beta: 0.5 } }
  arm ntp { steps: 2
    objective ntp }
  eval every 2 { prefixes: 4, against: start, seeds: 2 }
  pools every 1 { max: 8 }
}
`,
);
const spt = (...argv: string[]) => cli(argv, { cwd: dir, loadPlugins: async () => [corePlugins, testingPlugins] });
const jsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('spt eval on any corpus (the judged suite)', () => {
  it('trains on the non-held-out documents only, then scores every model on held-out prefixes with the recipe judges', async () => {
    const r = await spt('run', 'corpus.spt', '--run-dir', 'runs/c');
    expect(r.code, r.err.join('\n')).toBe(0);
    const pools = jsonl(path.join(dir, 'runs/c/arms/sip/pools.jsonl'));
    expect(pools.length).toBeGreaterThan(0);
    expect(pools.every((p) => !isHeldOut(p.docId, 0.2))).toBe(true);
    const results = JSON.parse(readFileSync(path.join(dir, 'runs/c/eval/results.json'), 'utf8'));
    expect(results.suite).toBe('judged');
    expect(results.models).toEqual(expect.arrayContaining(['start', 'sip', 'ntp']));
    for (const model of ['start', 'sip', 'ntp']) {
      expect(results.metrics[model].clean.n).toBe(2);
      expect(results.metrics[model]['abstained/clean'].mean).toBe(0);
      expect(results.metrics[model].clean.mean).toBeGreaterThanOrEqual(0);
    }
    const row = results.winRates.find((w: { model: string; judge: string }) => w.model === 'sip' && w.judge === 'quality');
    expect(row.against).toBe('start');
    expect(row.winRate.n).toBe(2);
    // The paper's relative gains, from the same means.
    const relative: Array<{ model: string; against: string; metric: string; change: number }> = results.relative;
    expect(relative.map((r) => `${r.model}/${r.against}`)).toContain('sip/start');
    for (const r of relative) {
      const [m, a] = [results.metrics[r.model][r.metric].mean, results.metrics[r.against][r.metric].mean];
      expect(r.change).toBeCloseTo((m - a) / Math.abs(a), 12);
    }
    // In-loop points score the same suite.
    const points = jsonl(path.join(dir, 'runs/c/arms/sip/metrics.jsonl')).filter((m) => m.values['eval/clean'] !== undefined);
    expect(points.length).toBeGreaterThan(0);
  }, 120_000);

  it('a corpus too small for the eval prefixes stops the run before its first step, with the fix', async () => {
    writeFileSync(path.join(dir, 'small.spt'), readFileSync(path.join(dir, 'corpus.spt'), 'utf8').replace('prefixes: 4,', 'prefixes: 400,').replace('recipe corpus', 'recipe small'));
    const r = await spt('run', 'small.spt', '--run-dir', 'runs/s');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('the judged eval suite asked for 400 prefixes');
    expect(r.err.join('\n')).toMatch(/fix: ask for fewer \(eval \{ prefixes: \d+ \}/);
    expect(existsSync(path.join(dir, 'runs/s/checkpoints'))).toBe(false);
  });

  it('without a holdout the error says how to get one', async () => {
    writeFileSync(path.join(dir, 'noheld.spt'), readFileSync(path.join(dir, 'corpus.spt'), 'utf8').replace(', holdout: 0.2', '').replace('recipe corpus', 'recipe noheld'));
    const r = await spt('run', 'noheld.spt', '--run-dir', 'runs/n');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('no evaluation suite for data "jsonl"');
    expect(r.err.join('\n')).toContain('fix: hold documents out for the judged suite, e.g. data jsonl { ..., holdout: 0.05 }');
  });
});
