import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../__fixtures__/cli';

// Three hand-made evaluated runs (seed1 and seed2 with seed.json; seed3 also evaluated a model `extra`).
const fixtures = path.join(import.meta.dirname, '..', 'aggregate', '__fixtures__');
const parent = mkdtempSync(path.join(tmpdir(), 'spt-aggregate-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
for (const run of ['seed1', 'seed2', 'seed3']) cpSync(path.join(fixtures, run), path.join(parent, run), { recursive: true });
const spt = (...argv: string[]) => cli(argv, { cwd: parent });

describe('spt aggregate', () => {
  it('prints mean ± std over runs of every metric and win rate, the dropped models and the paper form', async () => {
    const { code, out, err } = await spt('aggregate', 'seed1', 'seed2', 'seed3');
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const text = out.join('\n');
    for (const line of [
      '# Aggregate over 3 run(s)',
      'Runs: `seed1` (seed 1), `seed2` (seed 2), `seed3`.',
      'Evaluation: testbed.eval, 64 prefixes per set, 2 evaluation seed(s), 64-token continuations.',
      'Left out (not evaluated in every run): `extra` (only in `seed3`).',
      '| metric | start | sip | ntp | n |',
      '| safety_unsafe | - | 0.970 ± 0.020 | 0.500 ± 0.000 | 3 |',
      '| factuality | 0.300 ± 0.000 | 0.600 ± 0.100 | 0.450 ± 0.050 | 3 |',
      // fact_accuracy is missing from seed3; typo_rate of seed2 is null (NaN)
      '| fact_accuracy | - | 0.750 ± 0.071 | - | 2 |',
      '| typo_rate | 0.200 ± 0.141 | - | - | 2 |',
      '| win rate sip vs ntp (quality) |  | 0.877 ± 0.025 |  | 3 |',
      '| win rate ntp vs sip (quality_defects) |  |  | 0.400 ± 0.050 | 3 |',
      '## Paper form: sip vs ntp',
      '| factuality | 0.600 | 0.450 | +33.3% | +36.2% |',
      '| safety | 0.950 | 0.760 | +25.0% | +18.5% |',
      '| fact_false_rate(sip) <= 0.5 × fact_false_rate(ntp) | 0.250 | 0.300 | pass |',
      '| myth_rate(sip) <= 0.25 × myth_rate(ntp) | 0.100 | 0.075 | fail |',
      '| 1 - safety_unsafe(sip) <= 0.1 × (1 - safety_unsafe(ntp)) | 0.030 | 0.050 | pass |',
      '| win rate sip vs ntp (quality) >= 0.863 | 0.877 | 0.863 | pass |',
      '| win rate sip vs ntp (quality_defects) > 0.5 | 0.600 | 0.500 | pass |',
      '| claim_rate(sip) >= claim_rate(ntp) | 0.200 | 0.300 | fail |',
      '- defect_rate(sip) <= defect_rate(ntp): no `defect_rate` for sip and ntp',
      '4 of 6 checked targets pass.',
    ]) {
      expect(text.split('\n')).toContain(line);
    }
    expect(text).not.toContain('| extra');
  });

  it('--out writes the same Markdown; --json prints one object with the numbers', async () => {
    const shown = await spt('aggregate', 'seed1', 'seed2', '--out', 'agg/summary.md');
    expect(shown.code).toBe(0);
    expect(shown.err).toEqual([`written: ${path.join(parent, 'agg/summary.md')}`]);
    expect(readFileSync(path.join(parent, 'agg/summary.md'), 'utf8')).toBe(`${shown.out.join('\n')}\n`);
    const { code, out } = await spt('aggregate', 'seed1', 'seed2', '--json');
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const msg = JSON.parse(out[0]);
    expect(msg).toMatchObject({ type: 'aggregate', models: ['start', 'sip', 'ntp'], dropped: [], runs: [{ label: 'seed1', seed: 1 }, { label: 'seed2', seed: 2 }] });
    expect(msg.metrics.sip.factuality).toEqual({ mean: 0.55, std: expect.closeTo(Math.SQRT2 / 20, 12), n: 2 });
    expect(msg.paperForm.checks.find((k: { check: string }) => k.check.startsWith('myth_rate'))).toMatchObject({ pass: false });
  });

  it('says when the paper form cannot be computed', async () => {
    const dir = path.join(parent, 'nosip');
    mkdirSync(path.join(dir, 'eval'), { recursive: true });
    writeFileSync(path.join(dir, 'eval', 'results.json'), JSON.stringify({ suite: 's', k: 8, prefixesPerSet: 4, seeds: 1, models: ['final'], metrics: { final: { f: { mean: 1, std: 0, n: 1 } } }, winRates: [], samples: {}, seconds: 1 }));
    const { code, out } = await spt('aggregate', 'nosip');
    expect(code).toBe(0);
    expect(out.join('\n')).toContain('Not computed: it needs the models `sip` and `ntp` in every run (common models: final).');
  });

  it('names the path and what to run first for a missing folder, a folder not evaluated and bad JSON (exit 2)', async () => {
    const missing = await spt('aggregate', 'seed1', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.out).toEqual([]);
    expect(missing.err[0]).toBe(
      `error: run folder ${path.join(parent, 'nope')} does not exist\n` +
        '  expected: a run folder made by `spt run` and evaluated by `spt eval`\n' +
        '  got: nothing there\n' +
        '  fix: check the path (`spt run <recipe> --seed <n>` writes runs/<recipe name>-seed<n>), then evaluate it: spt eval <recipe> --run-dir nope',
    );

    mkdirSync(path.join(parent, 'trained', 'checkpoints'), { recursive: true });
    const unevaluated = await spt('aggregate', 'trained');
    expect(unevaluated.code).toBe(2);
    expect(unevaluated.err[0]).toBe(
      `error: ${path.join(parent, 'trained', 'eval', 'results.json')} is missing: run folder ${path.join(parent, 'trained')} has not been evaluated\n` +
        '  expected: eval/results.json, written by `spt eval` (and by `spt run` after a completed run with an `eval` block)\n' +
        '  got: no eval folder; the run folder holds: checkpoints\n' +
        '  fix: evaluate it first: spt eval <recipe> --run-dir trained',
    );

    mkdirSync(path.join(parent, 'broken', 'eval'), { recursive: true });
    writeFileSync(path.join(parent, 'broken', 'eval', 'results.json'), '{"models": [');
    const broken = await spt('--json', 'aggregate', 'broken');
    expect(broken.code).toBe(2);
    const error = JSON.parse(broken.out[0]);
    expect(error).toMatchObject({ type: 'error', code: 'aggregate.bad-results', what: `${path.join(parent, 'broken', 'eval', 'results.json')} is not valid JSON`, fix: 'write it again: spt eval <recipe> --run-dir broken' });

    writeFileSync(path.join(parent, 'broken', 'eval', 'results.json'), JSON.stringify({ models: ['sip'], metrics: { sip: { f: { mean: 'high' } } }, winRates: [] }));
    const shape = await spt('aggregate', 'broken');
    expect(shape.code).toBe(2);
    expect(shape.err[0]).toContain('does not hold evaluation results');
    expect(shape.err[0]).toContain('got: "metrics.sip.f" has no numeric "mean"');
  });

  it('needs at least one run folder (usage error, exit 2)', async () => {
    const { code, err } = await spt('aggregate');
    expect(code).toBe(2);
    expect(err.join('\n')).toContain("missing required argument 'run-dir'");
  });
});
