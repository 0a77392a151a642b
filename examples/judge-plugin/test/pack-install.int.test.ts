import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, loadPluginPackage, type PluginContext, type PointwiseJudge } from '@spt/core';
import { cliBin, packAndInstall, run } from '../../pack-install.test-util';

// The whole third-party path: pack the plugin (and @spt/core, its peer) with pnpm, install the
// tarballs into a fresh project with npm, and load the plugin there by its package name.
let tmp: string;
let project: string;

beforeAll(() => {
  const packed = packAndInstall(['packages/core', 'examples/judge-plugin'], 'spt-plugin-');
  ({ tmp, project } = packed);
  expect(packed.tarballs).toEqual(['spt-core-0.1.0.tgz', 'spt-judge-lexical-0.1.0.tgz']);
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const LOOP = 'and then the rain came and then the rain came and then the rain came and then the rain came';
const PROSE = 'Mara Voss was born in Tallinn in 1921 and later taught chemistry at the University of Tartu.';

describe('spt-judge-lexical installed from its packed tarball', () => {
  it('loads by package name in a plain Node project and judges real text', () => {
    const script = `
      import { createRegistry, loadPluginPackage } from '@spt/core';
      const pkg = await loadPluginPackage('spt-judge-lexical', process.cwd());
      const registry = createRegistry([pkg]);
      const ctx = { seed: 1, shared: (k, make) => make(), env: () => undefined, log() {}, create() { throw new Error('no'); } };
      const repetition = await registry.create('judge', { plugin: 'lexical.repetition', options: { n: 3 } }, ctx);
      const blocklist = await registry.create('judge', { plugin: 'lexical.blocklist', options: { terms: ['rain'] } }, ctx);
      let badOption;
      try { await registry.create('judge', { plugin: 'lexical.repetition', options: { n: 'three' } }, ctx); }
      catch (e) { badOption = e.message; }
      const call = { seed: 1, sample: 0 };
      console.log(JSON.stringify({
        name: pkg.name,
        manifests: registry.manifests('judge').map((m) => m.name),
        loop: await repetition.judge({ prefix: '', candidate: ${JSON.stringify(LOOP)} }, call),
        prose: await repetition.judge({ prefix: '', candidate: ${JSON.stringify(PROSE)} }, call),
        blocked: await blocklist.judge({ prefix: '', candidate: ${JSON.stringify(LOOP)} }, call),
        badOption,
      }));`;
    const result = JSON.parse(run(['node', '--input-type=module', '-e', script], project));
    expect(result.name).toBe('spt-judge-lexical');
    expect(result.manifests).toEqual(['lexical.blocklist', 'lexical.repetition']);
    // 20 words, 18 trigrams; 'and then the rain came' repeats: 5 distinct trigrams + ... -> 5/18 new
    expect(result.loop).toEqual({ ok: true, score: 5 / 18, raw: 'novel 3-gram share 0.2778' });
    expect(result.prose).toMatchObject({ ok: true, score: 1 });
    expect(result.blocked).toEqual({ ok: true, score: 0, raw: 'blocked term: "rain"' });
    expect(result.badOption).toBe(
      'invalid options for judge plugin "lexical.repetition" at "n": Invalid input: expected number, received string\n' +
        '  expected: number\n  got: string "three"\n  fix: correct the option (see `spt plugins lexical.repetition` for its options)',
    );
  });

  it('loads into the workspace core too (a CLI with its own @spt/core copy)', async () => {
    const pkg = await loadPluginPackage('spt-judge-lexical', project);
    expect(pkg.version).toBe('0.1.0');
    const registry = createRegistry([pkg]);
    const judge = await registry.create<PointwiseJudge>('judge', { plugin: 'lexical.repetition', options: {} }, {} as PluginContext);
    expect(await judge.judge({ prefix: '', candidate: PROSE }, { seed: 1, sample: 0 })).toMatchObject({ ok: true, score: 1 });
  });

  it('`spt plugins --use spt-judge-lexical` lists it and describes its options', () => {
    const list = spawnSync('node', [cliBin, 'plugins', '--kind', 'judge', '--use', 'spt-judge-lexical'], { cwd: project, encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/lexical\.repetition\s+pointwise\s+spt-judge-lexical\s+share of novel word n-grams/);
    const detail = spawnSync('node', [cliBin, '--json', 'plugins', 'lexical.blocklist', '--use', 'spt-judge-lexical'], { cwd: project, encoding: 'utf8' });
    expect(detail.status).toBe(0);
    const json = JSON.parse(detail.stdout);
    expect(json).toMatchObject({ type: 'plugin', name: 'lexical.blocklist', kind: 'judge', package: { name: 'spt-judge-lexical', version: '0.1.0' } });
    expect(json.options.required).toEqual(['terms']);
    expect(json.options.properties.whole_words).toMatchObject({ type: 'boolean', default: true });
  });

  it('passes the judge conformance kit of the installed @spt/core/testing under node:test', () => {
    const suite = `
      import { describe, it } from 'node:test';
      import { createRegistry } from '@spt/core';
      import { describeJudgeConformance } from '@spt/core/testing';
      import lexical from 'spt-judge-lexical';
      const registry = createRegistry([lexical]);
      for (const [plugin, options] of [['lexical.repetition', { n: 2 }], ['lexical.blocklist', { terms: ['rain'] }]]) {
        describeJudgeConformance(plugin, () => registry.create('judge', { plugin, options }, {}), { describe, it });
      }`;
    writeFileSync(path.join(project, 'conformance.test.mjs'), suite);
    const r = spawnSync('node', ['--test', '--test-reporter=tap', 'conformance.test.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.stdout).toMatch(/^# fail 0$/m);
    expect(Number(/^# pass (\d+)$/m.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(8);
    expect(r.status).toBe(0);
  });

  it('`spt check` validates a recipe that uses it by package name, and rejects a bad option for it', () => {
    const recipe = (judge: string) =>
      [
        'recipe lexical_demo {',
        '  use "spt-judge-lexical"',
        '  data testbed { size: tiny, seed: 1 }',
        '  policy tfjs.gpt { layers: 2, d_model: 64, heads: 2, context: 128 }',
        '  window { k: 32, prefix: 16..64 }',
        '  candidates { original; rollouts 2 }',
        '  judge quality testbed.quality pairwise',
        `  ${judge}`,
        '  reward = quality + repetition',
        '  train { steps: 10, batch: 4, lr: 1e-3, seed: 1 }',
        '}',
      ].join('\n');
    writeFileSync(path.join(project, 'good.spt'), recipe('judge repetition lexical.repetition pointwise { n: 2, min_words: 4 }'));
    writeFileSync(path.join(project, 'bad.spt'), recipe('judge repetition lexical.repetition pointwise { n: 12 }'));
    const good = spawnSync('node', [cliBin, 'check', 'good.spt'], { cwd: project, encoding: 'utf8' });
    expect(good.stderr).toBe('');
    expect(good.stdout).toBe('good.spt: ok\n');
    expect(good.status).toBe(0);
    const bad = spawnSync('node', [cliBin, 'check', 'bad.spt'], { cwd: project, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('bad.spt: 1 error, 0 warnings\n');
    expect(bad.stderr).toMatch(/^bad\.spt:8:\d+: error \S+: .*"n".*\n/);
    expect(bad.stderr).toContain('spt plugins lexical.repetition');
  });
});
