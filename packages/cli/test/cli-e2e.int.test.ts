import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built `spt` binary in a child process, as a user runs it (exit codes, stdout vs stderr).
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
let dir: string;

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
});
