import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../__fixtures__/cli';

const parent = mkdtempSync(path.join(tmpdir(), 'spt-report-cli-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));
// The fixture run without its arms and eval results: a pretraining-only run (two plots, quick to draw).
cpSync(path.join(import.meta.dirname, '..', 'report', '__fixtures__', 'run', 'metrics.jsonl'), path.join(parent, 'run', 'metrics.jsonl'));

describe('spt report', () => {
  it('prints where it wrote the report and what it left out', async () => {
    const { code, out } = await cli(['report', 'run', '--smooth', '3'], { cwd: parent });
    expect(code).toBe(0);
    expect(out[0]).toBe(`report: ${path.join(parent, 'run', 'report', 'report.md')}`);
    expect(out[1]).toBe('plots (2): loss.svg, time.svg');
    expect(out[2]).toBe('not plotted: chosen-rate (no `chosen_rate/<source>` metric in this run)');
  }, 30_000);

  it('--json prints one object with the files', async () => {
    const { code, out } = await cli(['report', path.join(parent, 'run'), '--json', '--title', 'T'], { cwd: '/' });
    expect(code).toBe(0);
    const msg = JSON.parse(out[0]) as { type: string; markdown: string; plots: string[]; skipped: Array<{ plot: string }> };
    expect(msg.type).toBe('report');
    expect(msg.markdown).toBe(path.join(parent, 'run', 'report', 'report.md'));
    expect(msg.plots.map((p) => path.basename(p))).toEqual(['loss.svg', 'time.svg']);
    expect(msg.skipped).toHaveLength(6);
  }, 30_000);

  it('refuses a bad --smooth and a missing run folder with exit code 2', async () => {
    expect((await cli(['report', 'run', '--smooth', '0'], { cwd: parent })).code).toBe(2);
    const { code, err } = await cli(['report', 'nope'], { cwd: parent });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(`run folder ${path.join(parent, 'nope')} does not exist`);
  });
});
