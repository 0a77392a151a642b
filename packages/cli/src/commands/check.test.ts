import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import backends from '@spt/backends';
import testbed from '@spt/testbed';
import { describe, expect, it } from 'vitest';
import { cli } from '../__fixtures__/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'spt-check-'));
const write = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return name;
};
const builtins = { cwd: dir, loadPlugins: async () => [testbed, backends] };

const GOOD = `recipe good {
  use "@spt/testbed"
  data testbed { size: small }
  policy tfjs.gpt { layers: 2, d_model: 64, heads: 2, context: 256 }
  window { k: 32, prefix: 16..128 }
  candidates { original; rollouts 2 }
  judge quality testbed.quality
  train { steps: 10, batch: 4 }
}
`;

describe('spt check', () => {
  it('says ok and exits 0 for a valid recipe', async () => {
    const { code, out, err } = await cli(['check', write('good.spt', GOOD)], builtins);
    expect({ code, out, err }).toEqual({ code: 0, out: ['good.spt: ok'], err: [] });
  });

  it('prints every diagnostic with file:line:col, a caret, expected and fix, and exits 2', async () => {
    const file = write('bad.spt', GOOD.replace('tfjs.gpt', 'tfjs.gtp').replace('batch: 4', 'bach: 4'));
    const { code, out, err } = await cli(['check', file], builtins);
    expect(code).toBe(2);
    expect(out).toEqual(['bad.spt: 2 errors, 0 warnings']);
    expect(err.join('\n')).toBe(
      [
        'bad.spt:4:10: error plugin.unknown: unknown policy plugin "tfjs.gtp"',
        '  4 |   policy tfjs.gtp { layers: 2, d_model: 64, heads: 2, context: 256 }',
        '    |          ^^^^^^^^',
        '  expected: one of: tfjs.gpt, torch.hf, torch.llama',
        '  fix: did you mean "tfjs.gpt"?',
        '',
        'bad.spt:8:22: error option.unknown: unknown train option "bach"',
        '  8 |   train { steps: 10, bach: 4 }',
        '    |                      ^^^^',
        '  expected: one of: steps, batch, lr, seed, staleness, micro_batch, grad_clip, weight_decay',
        '  fix: did you mean "batch"?',
      ].join('\n'),
    );
  });

  it('--json gives diagnostics as data, then a summary with the compiled RunConfig', async () => {
    const file = write('warn.spt', GOOD.replace('judge quality testbed.quality', 'judge quality testbed.quality\n  judge safety testbed.safety\n  reward = quality'));
    const { code, out } = await cli(['check', file, '--json'], builtins);
    expect(code).toBe(0);
    const lines = out.map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      type: 'diagnostic',
      file: 'warn.spt',
      severity: 'warning',
      code: 'judge.unused',
      message: 'aspect "safety" is judged but the reward does not use it',
      line: 8,
      column: 9,
      endLine: 8,
      endColumn: 15,
      expected: 'every judged aspect in the reward (judging costs calls)',
      fix: 'add safety to the reward, or remove the judge',
    });
    expect(lines[1]).toMatchObject({ type: 'check', file: 'warn.spt', ok: true, errors: 0, warnings: 1 });
    expect(lines[1].config.judges.map((j: { aspect: string; mode: string }) => [j.aspect, j.mode])).toEqual([
      ['quality', 'pairwise'],
      ['safety', 'pointwise'],
    ]);
  });

  it('reports a use package that cannot be loaded at its line', async () => {
    const file = write('use.spt', GOOD.replace('use "@spt/testbed"', 'use "spt-judge-missing"'));
    const { code, out, err } = await cli(['check', file], {
      cwd: dir,
      loadPlugins: async (uses) => {
        if (uses?.length) throw Object.assign(new (await import('@spt/core')).SptError({ code: 'plugin.package-not-found', what: 'plugin package "spt-judge-missing" could not be found', fix: 'npm install spt-judge-missing' }));
        return [testbed, backends];
      },
    });
    expect(code).toBe(2);
    expect(out).toEqual(['use.spt: 1 error, 0 warnings']);
    expect(err[0].split('\n').slice(0, 3)).toEqual([
      'use.spt:2:7: error use.load: plugin package "spt-judge-missing" could not be found',
      '  2 |   use "spt-judge-missing"',
      '    |       ^^^^^^^^^^^^^^^^^^^',
    ]);
  });

  it('checks several recipes and fails if any fails; syntax errors are reported without loading plugins', async () => {
    let loads = 0;
    const { code, out } = await cli(['check', write('a.spt', GOOD), write('b.spt', 'recipe b { data }')], {
      cwd: dir,
      loadPlugins: async () => {
        loads++;
        return [testbed, backends];
      },
    });
    expect(code).toBe(2);
    expect(out).toEqual(['a.spt: ok', 'b.spt: 1 error, 0 warnings']);
    // a.spt: built-ins, then its one `use`; b.spt stops at its syntax error before loading anything.
    expect(loads).toBe(2);
  });

  it('exits 2 for a missing file', async () => {
    const { code, err } = await cli(['check', 'nope.spt'], builtins);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^error: cannot read recipe .*nope\.spt/);
  });
});
