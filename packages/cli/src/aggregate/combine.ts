import type { EvalReport, Spread, WinRateRow } from '../eval/evaluate';
import { meanStd } from '../eval/stats';

/** One win-rate row over runs: the mean and spread of each run's means (tie and decided shares where runs report them). */
export type CombinedWinRate = Omit<WinRateRow, 'abstained'>;

/** Several evaluated runs of one recipe (training seeds), combined. */
export interface Combined {
  /** Run labels, in the order given. */
  runs: string[];
  /** Models every run evaluated, in the first run's order. */
  models: string[];
  /** Models some runs lack, left out everywhere, with the runs that have them. */
  dropped: Array<{ model: string; in: string[] }>;
  /** model -> metric -> mean/std/n over runs of each run's mean (n: runs with a value). */
  metrics: Record<string, Record<string, Spread>>;
  /** Win rates between common models, in the order they first appear. */
  winRates: CombinedWinRate[];
  /** The evaluation settings of each run ("suite, prefixes, seeds, k"): one entry when all agree. */
  settings: Array<{ setting: string; runs: string[] }>;
}

/** The value a run contributes: its mean, when finite (results.json holds null for NaN). */
const value = (s: { mean: number | null } | undefined): number | undefined =>
  s && typeof s.mean === 'number' && Number.isFinite(s.mean) ? s.mean : undefined;

/** Mean and sample std over runs of the values present; undefined when no run has one. */
function over(values: Array<number | undefined>): Spread | undefined {
  const xs = values.filter((v): v is number => v !== undefined);
  return xs.length ? meanStd(xs) : undefined;
}

function settingOf(r: EvalReport): string {
  return `${r.suite}, ${r.prefixesPerSet} prefixes per set, ${r.seeds} evaluation seed(s), ${r.k}-token continuations`;
}

/**
 * Combines the evaluation results of several runs (one per training seed): for every metric of
 * every model all runs evaluated, and every win-rate row between such models, the mean and
 * sample standard deviation over runs of each run's own mean, with n = the runs that had a value.
 * Pure: the spread is between training seeds, not within one run's evaluation seeds.
 */
export function combineRuns(runs: ReadonlyArray<{ label: string; report: EvalReport }>): Combined {
  const labels = runs.map((r) => r.label);
  const allModels = [...new Set(runs.flatMap((r) => r.report.models))];
  const models = allModels.filter((m) => runs.every((r) => r.report.models.includes(m)));
  const dropped = allModels.filter((m) => !models.includes(m)).map((model) => ({ model, in: runs.filter((r) => r.report.models.includes(model)).map((r) => r.label) }));

  const metrics: Combined['metrics'] = {};
  for (const model of models) {
    const keys = [...new Set(runs.flatMap((r) => Object.keys(r.report.metrics[model] ?? {})))];
    metrics[model] = {};
    for (const key of keys) {
      const s = over(runs.map((r) => value(r.report.metrics[model]?.[key])));
      if (s) metrics[model][key] = s;
    }
  }

  const rowKey = (w: { model: string; against: string; judge: string }) => `${w.model}\u0000${w.against}\u0000${w.judge}`;
  const rows = new Map<string, { model: string; against: string; judge: string }>();
  for (const r of runs) {
    for (const w of r.report.winRates) {
      if (models.includes(w.model) && models.includes(w.against) && !rows.has(rowKey(w))) rows.set(rowKey(w), { model: w.model, against: w.against, judge: w.judge });
    }
  }
  const winRates: CombinedWinRate[] = [];
  for (const [key, row] of rows) {
    const found = runs.map((r) => r.report.winRates.find((w) => rowKey(w) === key));
    const s = over(found.map((w) => value(w?.winRate)));
    const ties = over(found.map((w) => value(w?.tieRate)));
    const decided = over(found.map((w) => value(w?.decidedWinRate)));
    if (s) winRates.push({ ...row, winRate: s, ...(ties ? { tieRate: ties } : {}), ...(decided ? { decidedWinRate: decided } : {}) });
  }

  const settings: Combined['settings'] = [];
  for (const r of runs) {
    const setting = settingOf(r.report);
    const found = settings.find((s) => s.setting === setting);
    if (found) found.runs.push(r.label);
    else settings.push({ setting, runs: [r.label] });
  }
  return { runs: labels, models, dropped, metrics, winRates, settings };
}
