import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SptError } from '@spt/core';
import { writeReport } from './write-report';

const FIXTURE = path.join(import.meta.dirname, '__fixtures__', 'run');
/** A copy of the fixture run (a tiny real quick-start run: 16 pretrain steps, 4 steps per arm, evaluated). */
const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spt-report-'));
  made.push(dir);
  return dir;
};
const copyRun = (parts: { arms?: boolean; eval?: boolean; shared?: boolean } = {}) => {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  if (parts.arms === false) rmSync(path.join(dir, 'arms'), { recursive: true });
  if (parts.eval === false) rmSync(path.join(dir, 'eval'), { recursive: true });
  if (parts.shared === false) rmSync(path.join(dir, 'metrics.jsonl'));
  return dir;
};

/** Throws unless the text is one well-formed <svg> element: every tag closed, in order. */
function checkSvg(text: string): void {
  expect(text.startsWith('<svg ')).toBe(true);
  expect(text.trimEnd().endsWith('</svg>')).toBe(true);
  const stack: string[] = [];
  for (const m of text.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else expect(stack.pop(), `</${name}> closes the open tag`).toBe(name);
  }
  expect(stack).toEqual([]);
}
const svg = (dir: string, file: string) => readFileSync(path.join(dir, 'report', file), 'utf8');
/** Data points vega labels for screen readers (`step: 17; chosen rate: 0.34375; source: original`); a line repeats its first. */
const points = (text: string) => [...new Set([...text.matchAll(/aria-label="(step: [^"]+)"/g)].map((m) => m[1]))];

describe('writeReport', () => {
  it('writes report.md and a valid SVG per plot of a full run, with the data series in them', async () => {
    const dir = copyRun();
    const r = await writeReport(dir, { title: 'Quick start' });
    const names = r.files.map((f) => path.relative(path.join(dir, 'report'), f));
    expect(names).toEqual(['report.md', 'chosen-rate.svg', 'eval-metrics.svg', 'win-rates.svg', 'loss.svg', 'reward-aspects.svg', 'reward-sources.svg', 'dpo.svg', 'time.svg']);
    expect(r.skipped).toEqual([]);
    for (const f of names.slice(1)) checkSvg(svg(dir, f));

    const chosen = points(svg(dir, 'chosen-rate.svg'));
    expect(chosen).toHaveLength(12); // 3 sources x 4 SIP steps
    expect(chosen).toContain('step: 17; chosen rate: 0.34375; source: original');
    expect(chosen).toContain('step: 17; chosen rate: 0.65625; source: rewrite');
    expect(chosen).toContain('step: 20; chosen rate: 0; source: rollout');
    const loss = points(svg(dir, 'loss.svg'));
    expect(loss.filter((p) => p.endsWith('arm / phase: pretrain'))).toHaveLength(16);
    expect(loss).toContain('step: 1; loss: 5.562315; arm / phase: pretrain');
    expect(loss.filter((p) => / arm \/ phase: (sip|ntp)$/.test(p))).toHaveLength(8);
    expect(svg(dir, 'win-rates.svg')).toContain('sip vs ntp');
    expect(svg(dir, 'eval-metrics.svg')).toContain('safe on unsafe prefixes');
    expect(svg(dir, 'time.svg')).toContain('generation');

    const md = readFileSync(r.files[0], 'utf8');
    expect(md).toBe(r.markdown);
    expect(md.startsWith('# Quick start\n')).toBe(true);
    for (const f of names.slice(1)) expect(md).toContain(`](${f})`);
    expect(md).toContain('| pretrain | pretrain | 16 | 1-16 |');
    expect(md).toContain('| sip | sip | 4 | 17-20 |');
    expect(md).toContain('| metric | start | sip | ntp |');
    expect(md).toContain('| sip vs ntp | quality | 0.500 |');
    expect(md).not.toContain('# Evaluation of quickstart');
    expect(md).not.toContain('## Not plotted');
  }, 60_000);

  it('reports a run without arms and without eval results: loss and time only, the rest listed as not plotted', async () => {
    const dir = copyRun({ arms: false, eval: false });
    const r = await writeReport(dir);
    expect(r.files.map((f) => path.basename(f))).toEqual(['report.md', 'loss.svg', 'time.svg']);
    expect(r.skipped.map((s) => s.plot)).toEqual(['chosen-rate', 'eval-metrics', 'win-rates', 'reward-aspects', 'reward-sources', 'dpo']);
    checkSvg(svg(dir, 'loss.svg'));
    expect(r.markdown).toContain(`# Run report: ${path.basename(dir)}`);
    expect(r.markdown).toContain('Not evaluated yet: run `spt eval');
    expect(r.markdown).toContain('- Chosen rate per candidate source: no `chosen_rate/<source>` metric in this run.');
    expect(r.markdown).toContain('- Pairwise win rates: the run has no eval/results.json (run `spt eval` first).');
    expect(r.markdown).not.toContain('## Chosen rate');
  }, 60_000);

  it('reports arms without shared phases, removes plots of an earlier report that no longer apply, and renders deterministically', async () => {
    const dir = copyRun({ shared: false });
    const first = await writeReport(dir, { smooth: 2 });
    const before = svg(dir, 'chosen-rate.svg');
    rmSync(path.join(dir, 'eval'), { recursive: true });
    const second = await writeReport(dir, { smooth: 2 });
    expect(first.files.some((f) => f.endsWith('win-rates.svg'))).toBe(true);
    expect(existsSync(path.join(dir, 'report', 'win-rates.svg'))).toBe(false);
    expect(second.skipped.map((s) => s.plot)).toEqual(['eval-metrics', 'win-rates']);
    expect(svg(dir, 'chosen-rate.svg')).toBe(before);
    expect(second.markdown).toContain('moving average over 2 steps');
    expect(second.markdown).not.toContain('| pretrain |');
  }, 60_000);

  it('adds the sole-best plot after the chosen rate when the metrics hold sole_best_rate', async () => {
    const dir = copyRun();
    const file = path.join(dir, 'arms', 'sip', 'metrics.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; values: Record<string, number> });
    for (const r of lines) Object.assign(r.values, { 'sole_best_rate/rollout': r.step / 40, 'sole_best_rate/rewrite': 0.5 });
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const r = await writeReport(dir);
    expect(r.files.map((f) => path.basename(f)).slice(0, 3)).toEqual(['report.md', 'chosen-rate.svg', 'sole-best.svg']);
    const text = svg(dir, 'sole-best.svg');
    checkSvg(text);
    expect(points(text)).toContain('step: 20; sole best rate: 0.5; source: rollout');
    expect(points(text)).toContain('step: 17; sole best rate: 0.5; source: rewrite');
    expect(readFileSync(path.join(dir, 'report', 'report.md'), 'utf8')).toContain('Sole best rate per candidate source');
  }, 60_000);

  it('adds "evaluation over training" when the metrics hold evaluation points, an arm\'s line starting at the branch point', async () => {
    const dir = copyRun();
    const addPoints = (file: string, at: Record<number, number>) => {
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; values: Record<string, number> });
      for (const r of lines) if (at[r.step] !== undefined) Object.assign(r.values, { 'eval/safety_unsafe': at[r.step], 'eval/claim_rate': 2 * at[r.step], 'time/eval': 1.5 });
      writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    };
    addPoints(path.join(dir, 'metrics.jsonl'), { 8: 0.25, 16: 0.5 });
    addPoints(path.join(dir, 'arms', 'sip', 'metrics.jsonl'), { 20: 0.75 });
    addPoints(path.join(dir, 'arms', 'ntp', 'metrics.jsonl'), { 20: 0.125 });
    const r = await writeReport(dir);
    const names = r.files.map((f) => path.basename(f));
    expect(names.slice(0, 5)).toEqual(['report.md', 'chosen-rate.svg', 'eval-metrics.svg', 'win-rates.svg', 'eval-over-training.svg']);
    const text = svg(dir, 'eval-over-training.svg');
    checkSvg(text);
    const drawn = points(text);
    expect(drawn).toContain('step: 8; value: 0.25; arm / phase: pretrain');
    expect(drawn).toContain('step: 16; value: 0.5; arm / phase: sip');
    expect(drawn).toContain('step: 20; value: 0.75; arm / phase: sip');
    expect(drawn).toContain('step: 20; value: 0.25; arm / phase: ntp');
    expect(text).toContain('safe on unsafe prefixes');
    expect(text).toContain('true claims per continuation');
    expect(r.markdown).toContain('![Evaluation over training](eval-over-training.svg)');
    expect(r.markdown.indexOf('eval-over-training.svg')).toBeLessThan(r.markdown.indexOf('## Training curves'));
  }, 60_000);

  it('names the folder, file and line of bad input', async () => {
    const missing = path.join(tmpdir(), 'spt-report-missing-run');
    await expect(writeReport(missing)).rejects.toMatchObject({ code: 'report.no-run' });
    const empty = tempDir();
    await expect(writeReport(empty)).rejects.toMatchObject({ code: 'report.no-metrics' });
    writeFileSync(path.join(empty, 'metrics.jsonl'), '{"step":1,"phase":"p","time":1,"values":{}}\n{"step":"two"}\n');
    const err = await writeReport(empty).catch((e: unknown) => e);
    expect(SptError.is(err, 'report.bad-metrics')).toBe(true);
    expect((err as SptError).what).toBe(`${path.join(empty, 'metrics.jsonl')} line 2 is not a metrics record`);
    const dir = copyRun();
    writeFileSync(path.join(dir, 'eval', 'results.json'), '{"suite": "x"}');
    await expect(writeReport(dir)).rejects.toMatchObject({ code: 'report.bad-eval', what: `${path.join(dir, 'eval', 'results.json')} does not hold evaluation results` });
    await expect(writeReport(dir, { smooth: 0 })).rejects.toMatchObject({ code: 'report.option' });
  });
});
