import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SptError } from '@spt/core';
import { formatResultsTable } from '../eval/results-table';
import { poolExamples } from './pool-examples';
import { PLOT_FILES, planPlots, type PlannedPlot } from './plan-plots';
import type { Skip } from './plot-data';
import { renderSvg } from './render-svg';
import { loadRunData, type RunData } from './run-data';
import { autoSmooth } from './series';
import { formatSummary, runSummary } from './summary';

export interface ReportOptions {
  /** Report heading; default `Run report: <folder name>`. */
  title?: string;
  /** Moving-average window in steps: 1 draws raw values only; default about 1/25 of the longest part. */
  smooth?: number;
  /** Most points drawn per line; default 800. */
  maxPoints?: number;
}

export interface ReportResult {
  /** The report's Markdown (also written to report/report.md). */
  markdown: string;
  /** Every file written: report.md first, then one SVG per plot. */
  files: string[];
  /** Plots left out, with the reason (also listed in the report). */
  skipped: Array<{ plot: string; reason: string }>;
}

const isSkip = (s: PlannedPlot['spec']): s is Skip => (s as Partial<Skip>).kind === 'skip';

/** The Markdown of a report from its plan: pure, images linked relative to report/. */
export function reportMarkdown(data: RunData, plots: readonly PlannedPlot[], o: { title: string; smooth: number }): string {
  const image = (p: PlannedPlot) => (isSkip(p.spec) ? [] : [`![${p.title}](${p.file})`, '', p.caption, '']);
  const section = (s: PlannedPlot['section']) => plots.filter((p) => p.section === s).flatMap(image);
  const seed = data.seed ? ` Training seed ${data.seed.seed} (\`spt run --seed ${data.seed.seed}\`; the recipe's seed is ${data.seed.recipeSeed}).` : '';
  const out = [`# ${o.title}`, '', `Run folder \`${data.runDir}\`.${seed} Made by \`spt report\`${o.smooth > 1 ? `; curves smoothed with a moving average over ${o.smooth} steps (raw values faint)` : ''}.`, ''];
  out.push('## Summary', '', formatSummary(runSummary(data.records), data.records), '');
  const fig8 = section('figure8');
  if (fig8.length) out.push('## Chosen rate per source (Figure 8)', '', ...fig8);
  const examples = poolExamples(data.pools ?? []);
  if (examples.length) out.push('## What the judges chose (pool log)', '', ...examples);
  out.push('## Evaluation', '');
  if (data.evalMarkdown !== undefined) out.push(data.evalMarkdown.replace(/^# .*\n+/, '').trim(), '');
  else if (data.evalReport) out.push(formatResultsTable(data.evalReport), '');
  else out.push('Not evaluated yet: run `spt eval <recipe> --run-dir <this run folder>`, then `spt report` again.', '');
  out.push(...section('eval'));
  const training = section('training');
  if (training.length) out.push('## Training curves', '', ...training);
  const skipped = plots.filter((p) => isSkip(p.spec));
  if (skipped.length) {
    out.push('## Not plotted', '');
    for (const p of skipped) out.push(`- ${p.title}: ${(p.spec as Skip).reason}.`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * Writes `<runDir>/report/report.md` and one SVG per plot that the run's metrics allow: the
 * summary, chosen rate per source (Figure 8), the evaluation table and bars, the evaluation
 * points over training (`eval every N`), and training curves (loss, judge scores, reward by
 * source, DPO margin/accuracy, time per step). Plots whose metrics are absent are listed as not
 * plotted; stale SVGs of an earlier report are removed.
 */
export async function writeReport(runDir: string, options: ReportOptions = {}): Promise<ReportResult> {
  const smooth = options.smooth;
  if (smooth !== undefined && !(Number.isInteger(smooth) && smooth >= 1)) {
    throw new SptError({ code: 'report.option', what: 'invalid smoothing window', expected: 'a whole number of steps >= 1 (1 = no smoothing)', got: String(smooth), fix: 'e.g. --smooth 10' });
  }
  const data = await loadRunData(runDir);
  const window = smooth ?? autoSmooth(data.records);
  const plots = planPlots(data, { smooth: window, maxPoints: options.maxPoints ?? 800 });
  const dir = path.join(runDir, 'report');
  await mkdir(dir, { recursive: true });
  await Promise.all(PLOT_FILES.map((f) => rm(path.join(dir, f), { force: true })));
  const files: string[] = [];
  for (const p of plots) {
    if (isSkip(p.spec)) continue;
    const file = path.join(dir, p.file);
    await writeFile(file, await renderSvg(p.spec));
    files.push(file);
  }
  const markdown = reportMarkdown(data, plots, { title: options.title ?? `Run report: ${path.basename(path.resolve(runDir))}`, smooth: window });
  const md = path.join(dir, 'report.md');
  await writeFile(md, markdown);
  return {
    markdown,
    files: [md, ...files],
    skipped: plots.filter((p) => isSkip(p.spec)).map((p) => ({ plot: p.file.replace(/\.svg$/, ''), reason: (p.spec as Skip).reason })),
  };
}
