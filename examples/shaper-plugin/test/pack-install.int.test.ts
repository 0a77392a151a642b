import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBin, packAndInstall } from '../../pack-install.test-util';

// A third-party shaper and a third-party judge, packed and installed with npm into a fresh
// project, then used together by one recipe that the workspace CLI checks and runs for real.
let tmp: string;
let project: string;

beforeAll(() => {
  const packed = packAndInstall(['packages/core', 'examples/judge-plugin', 'examples/shaper-plugin'], 'spt-shaper-');
  ({ tmp, project } = packed);
  expect(packed.tarballs).toEqual(['spt-core-0.1.0.tgz', 'spt-judge-lexical-0.1.0.tgz', 'spt-shaper-informative-0.1.0.tgz']);
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const recipe = (shape: string) =>
  [
    'recipe informative_demo {',
    '  use "spt-judge-lexical"',
    '  use "spt-shaper-informative"',
    '  data testbed { size: tiny, seed: 1 }',
    '  policy tfjs.gpt { layers: 1, d_model: 32, heads: 2, context: 128 }',
    '  window { k: 24, prefix: 16..64 }',
    '  candidates { original; rollouts 2 }',
    '  judge quality testbed.quality pairwise',
    '  judge repetition lexical.repetition pointwise { n: 2, min_words: 2 }',
    '  reward = quality + repetition',
    `  ${shape}`,
    '  train { steps: 2, batch: 2, lr: 1e-3, seed: 1 }',
    '}',
  ].join('\n');

describe('spt-shaper-informative installed from its packed tarball', () => {
  it('`spt plugins` lists it under kind reward with its package', () => {
    const list = spawnSync('node', [cliBin, 'plugins', '--kind', 'reward', '--use', 'spt-shaper-informative'], { cwd: project, encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/informative\.distinct_words\s+spt-shaper-informative\s+bonus growing with distinct words/);
    expect(list.stdout).toMatch(/length_penalty\s+@spt\/core/);
  });

  it('a recipe using the judge and the shaper by package name checks and runs; a bad option names line and plugin', () => {
    writeFileSync(path.join(project, 'good.spt'), recipe('shape informative.distinct_words { weight: linear(0.2 -> 0, steps 0..2), cap: 16 }'));
    writeFileSync(path.join(project, 'bad.spt'), recipe('shape informative.distinct_words { cap: 16 }'));
    const bad = spawnSync('node', [cliBin, 'check', 'bad.spt'], { cwd: project, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^bad\.spt:11:\d+: error \S+: .*"weight".*informative\.distinct_words/m);
    const good = spawnSync('node', [cliBin, 'run', 'good.spt', '--run-dir', 'runs/good'], { cwd: project, encoding: 'utf8' });
    expect(good.stderr.split('\n').filter((l) => /^error\b|: error /.test(l))).toEqual([]);
    expect(good.status).toBe(0);
    const lines = readFileSync(path.join(project, 'runs/good/metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(Number.isFinite(l.values['reward/mean'])).toBe(true);
  }, 300_000);
});
