import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built `spt` binary in a child process, as a user runs it (exit codes, stdout vs stderr).
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const testingKit = fileURLToPath(new URL('../../core/dist/testing/index.js', import.meta.url));
let dir: string;

/** A recipe over the core testing kit's plugins (no model, no network), loaded by path with `use`. */
function mockRecipe(name: string, steps: number, delayMs = 0, edit: (body: string) => string = (b) => b): string {
  return recipe(
    name,
    edit([
      '  use "./mock-plugins.mjs"',
      '  data mock.docs { seed: 1 }',
      `  policy mock.bigram { seed: 1, delay_ms: ${delayMs} }`,
      '  window { k: 8, prefix: 8..16 }',
      '  candidates { original; rollouts 2 }',
      '  judge quality mock.prefer_clean pairwise',
      '  judge clean mock.clean',
      '  reward = quality + clean',
      '  objective online_dpo { beta: 0.5 }',
      `  train { steps: ${steps}, batch: 2, lr: 1.0, seed: 3 }`,
      '  checkpoint every 2 { keep: 2 }',
    ].join('\n')),
  );
}

function spt(args: string[]) {
  const r = spawnSync('node', [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function recipe(name: string, body: string): string {
  const file = path.join(dir, `${name}.spt`);
  writeFileSync(file, `recipe ${name} {\n${body}\n}\n`);
  return file;
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('packages/cli/dist/bin.js is missing: run `pnpm build` first (the root `pnpm test` does)');
  dir = mkdtempSync(path.join(tmpdir(), 'spt-e2e-'));
  writeFileSync(path.join(dir, 'mock-plugins.mjs'), `export { testingPlugins as default } from ${JSON.stringify(testingKit)};\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spt (built binary)', () => {
  it('rejects an unknown plugin with file:line:col, the choices and a suggestion, exit 2', () => {
    recipe('typo', '  policy tfjs.gtp { layers: 2 }');
    const { code, out, err } = spt(['run', 'typo.spt']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(
      [
        `${path.join(dir, 'typo.spt')}:2:10: error plugin.unknown: unknown policy plugin "tfjs.gtp"`,
        '  2 |   policy tfjs.gtp { layers: 2 }',
        '    |          ^^^^^^^^',
      ].join('\n'),
    );
    expect(err).toMatch(/\n {2}expected: one of: [^\n]*\btfjs\.gpt\b[^\n]*\n {2}fix: did you mean "tfjs\.gpt"\?\n/);
  });

  it('reports a bad option as JSON diagnostics with --json, exit 2', () => {
    recipe('badopt', '  policy tfjs.gpt { layers: "four" }');
    const { code, out } = spt(['--json', 'run', 'badopt.spt']);
    expect(code).toBe(2);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ type: 'error', code: 'recipe.invalid' });
    const option = lines[0].diagnostics.find((d: { code: string }) => d.code === 'plugin.option');
    expect(option).toMatchObject({ severity: 'error', range: { start: { line: 2, column: 29 } } });
    expect(option.message).toContain('"layers"');
  });

  it('reports a `use` package that is not installed at its line, exit 2', () => {
    recipe('nouse', '  use "spt-judge-not-installed"');
    const { code, err } = spt(['run', 'nouse.spt']);
    expect(code).toBe(2);
    expect(err).toContain(`nouse.spt:2:7: error use.load: plugin package "spt-judge-not-installed" could not be found from ${dir}`);
    expect(err).toContain('fix: install it next to the recipe: npm install spt-judge-not-installed');
  });

  it('explains a missing recipe file, exit 2', () => {
    const { code, err } = spt(['run', 'nope.spt']);
    expect(code).toBe(2);
    expect(err).toBe(`error: cannot read recipe ${path.join(dir, 'nope.spt')}\n  expected: a readable .spt file\n  got: ENOENT\n  fix: check the path (relative paths are taken from the current folder)\n`);
  });

  it('treats a usage error as bad input, exit 2', () => {
    const { code, err } = spt(['run', '--steps', 'ten', 'x.spt']);
    expect(code).toBe(2);
    expect(err).toContain('error: invalid --steps');
  });

  it('runs a recipe to completion with plain progress lines and a summary, exit 0', () => {
    mockRecipe('tiny', 4);
    const { code, out } = spt(['run', 'tiny.spt', '--run-dir', 'runs/tiny']);
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['run tiny: 4 steps', 'phase main: 4 steps']);
    expect(lines.filter((l) => /^step \d \[\d\/4 \d+%\] main \| ETA \S+ \| \S+ tok\/s \| \S+ judge\/s \| loss /.test(l))).toHaveLength(4);
    expect(out).toContain(`run completed after 4 steps; run folder: ${path.join(dir, 'runs/tiny')}`);
    expect(readFileSync(path.join(dir, 'runs/tiny/metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('with --json prints only JSON events and a result; --steps shrinks the run', () => {
    mockRecipe('json', 10);
    const { code, out } = spt(['--json', 'run', 'json.spt', '--run-dir', 'runs/json', '--steps', '3']);
    expect(code).toBe(0);
    const events = out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(events[0]).toEqual({ type: 'run-start', name: 'json', totalSteps: 3 });
    expect(events.filter((e) => e.type === 'step')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'result', status: 'completed', steps: 3 });
  });

  it('--resume without a checkpoint fails as bad input, exit 2', () => {
    mockRecipe('noresume', 2);
    const { code, err } = spt(['run', 'noresume.spt', '--run-dir', 'runs/empty', '--resume']);
    expect(code).toBe(2);
    expect(err).toContain('error: no checkpoint to resume in');
  });

  it('Ctrl-C finishes the step, writes a checkpoint and exits 130; the same command resumes', async () => {
    mockRecipe('long', 16, 60);
    const args = [bin, 'run', 'long.spt', '--run-dir', 'runs/long'];
    const child = spawn('node', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.stdout.on('data', (d: Buffer) => {
      out += String(d);
      if (/^step 3 \[/m.test(out) && !child.killed) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(err).toContain('interrupted: finishing the current step and writing a checkpoint');
    const stopped = Number(/run aborted after (\d+) steps/.exec(out)?.[1]);
    expect(stopped).toBeGreaterThanOrEqual(3);
    expect(stopped).toBeLessThan(16);
    expect(out).toContain(`checkpoint at step ${stopped}:`);
    expect(out).toContain('resume: run the same command again (it continues from the last checkpoint)');
    const again = spt(['run', 'long.spt', '--run-dir', 'runs/long']);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`run long: 16 steps, resuming from step ${stopped}`);
    expect(again.out).toContain('run completed after 16 steps');
  });

  it('`spt check` passes a valid recipe without running it, exit 0', () => {
    mockRecipe('valid', 4);
    expect(spt(['check', 'valid.spt'])).toEqual({ code: 0, out: 'valid.spt: ok\n', err: '' });
    expect(existsSync(path.join(dir, 'runs/valid'))).toBe(false);
  });

  it('`spt check` names an unknown plugin with a suggestion, exit 2', () => {
    mockRecipe('unknown', 4, 0, (b) => b.replace('judge clean mock.clean', 'judge clean mock.claen'));
    const { code, out, err } = spt(['check', 'unknown.spt']);
    expect(code).toBe(2);
    expect(out).toBe('unknown.spt: 1 error, 0 warnings\n');
    expect(err).toContain('unknown.spt:8:15: error plugin.unknown: unknown judge plugin "mock.claen"');
    expect(err).toMatch(/expected: one of: [^\n]*mock\.clean[^\n]*\n {2}fix: did you mean "mock\.clean"\?/);
  });

  it('`spt check --json` reports a bad option as a JSON diagnostic, exit 2', () => {
    mockRecipe('option', 4, 0, (b) => b.replace('delay_ms: 0', 'delay_ms: -5'));
    const { code, out } = spt(['--json', 'check', 'option.spt']);
    expect(code).toBe(2);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ type: 'diagnostic', file: 'option.spt', severity: 'error', line: 4 });
    expect(String(lines[0].message)).toContain('delay_ms');
    expect(lines[1]).toEqual({ type: 'check', file: 'option.spt', ok: false, errors: 1, warnings: 0 });
  });
});
