import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../__fixtures__/cli';

const dir = mkdtempSync(path.join(tmpdir(), 'spt-fmt-'));
const write = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return name;
};
const MESSY = 'recipe m {data d{a:1,b:2}   # data\n\n\n  policy p}\n';
const CANONICAL = 'recipe m {\n  data d { a: 1, b: 2 } # data\n\n  policy p\n}\n';

describe('spt fmt', () => {
  it('prints the canonical form', async () => {
    const { code, out } = await cli(['fmt', write('m.spt', MESSY)], { cwd: dir });
    expect(code).toBe(0);
    expect(out.join('\n') + '\n').toBe(CANONICAL);
  });

  it('--write rewrites changed files only, and names them', async () => {
    write('w.spt', MESSY);
    write('ok.spt', CANONICAL);
    const { code, err } = await cli(['fmt', '--write', 'w.spt', 'ok.spt'], { cwd: dir });
    expect(code).toBe(0);
    expect(err).toEqual(['formatted w.spt']);
    expect(readFileSync(path.join(dir, 'w.spt'), 'utf8')).toBe(CANONICAL);
  });

  it('--check writes nothing and exits 1 when a file is not formatted', async () => {
    write('c.spt', MESSY);
    const { code, out } = await cli(['fmt', '--check', 'c.spt'], { cwd: dir });
    expect(code).toBe(1);
    expect(out).toEqual(['c.spt: not formatted']);
    expect(readFileSync(path.join(dir, 'c.spt'), 'utf8')).toBe(MESSY);
    expect((await cli(['fmt', '--check', write('d.spt', CANONICAL)], { cwd: dir })).code).toBe(0);
  });

  it('refuses a recipe with syntax errors (exit 2) and shows them', async () => {
    const { code, err } = await cli(['fmt', write('s.spt', 'recipe s { data d { a 1 } }')], { cwd: dir });
    expect(code).toBe(2);
    expect(err[0].split('\n')[0]).toBe(`s.spt:1:23: error syntax.expected: expected ':' but found "1"`);
  });

  it('--json reports per file', async () => {
    const { out } = await cli(['fmt', '--json', '--check', write('j.spt', MESSY)], { cwd: dir });
    expect(out.map((l) => JSON.parse(l))).toEqual([{ type: 'format', file: 'j.spt', ok: true, changed: true, written: false }]);
  });
});
