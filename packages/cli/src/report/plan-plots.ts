import type { TopLevelSpec } from 'vega-lite';
import { evalBarsSpec, timeChartSpec, winRatesSpec } from './bar-specs';
import { evalCurveData } from './eval-curve-data';
import { evalBarsData, winRatesData } from './eval-data';
import { lineChartSpec } from './line-spec';
import { chosenRateData, soleBestData, dpoData, lossData, rewardAspectData, rewardSourceData, SOURCE_ORDER, type LineChartData, type Skip } from './plot-data';
import type { RunData } from './run-data';
import { seriesOrder, thinRows } from './series';
import { timeData } from './time-data';

/** Where a plot goes in the report. */
export type Section = 'figure8' | 'eval' | 'training';

/** One plot of the report: its file, words, and either a chart spec or why it is left out. */
export interface PlannedPlot {
  /** File name inside report/ (e.g. chosen-rate.svg). */
  file: string;
  title: string;
  section: Section;
  caption: string;
  spec: TopLevelSpec | Skip;
}

export interface PlanOptions {
  /** Moving-average window in steps (1 = raw only). */
  smooth: number;
  /** Most points drawn per line (longer lines are thinned evenly after smoothing). */
  maxPoints: number;
}

/** Every plot a report can hold, in report order; file names never change between runs. */
export const PLOT_FILES = ['chosen-rate.svg', 'sole-best.svg', 'eval-metrics.svg', 'win-rates.svg', 'eval-over-training.svg', 'loss.svg', 'reward-aspects.svg', 'reward-sources.svg', 'dpo.svg', 'time.svg'];

/** Decides each plot of a run's report: pure, so the report's content can be tested without drawing. */
export function planPlots(data: RunData, o: PlanOptions): PlannedPlot[] {
  const { records } = data;
  const series = seriesOrder(records);
  const subtitle = o.smooth > 1 ? `moving average over ${o.smooth} steps; raw values faint` : undefined;
  const line = (d: LineChartData | Skip, title: string, colorDomain: readonly string[], big = false): TopLevelSpec | Skip =>
    d.kind === 'skip'
      ? d
      : lineChartSpec({ ...d, rows: thinRows(d.rows, o.maxPoints) }, { title, subtitle, smooth: o.smooth, colorDomain, ...(big && d.panels.length === 1 ? { width: 680, height: 320 } : {}) });
  const sources = (d: LineChartData | Skip) => (d.kind === 'skip' ? [] : [...SOURCE_ORDER, ...d.lines.filter((l) => !SOURCE_ORDER.includes(l))]);
  const noEval: Skip = { kind: 'skip', reason: 'the run has no eval/results.json (run `spt eval` first)' };
  const bars = <T extends { kind: string }>(d: T | Skip | undefined, spec: (d: T) => TopLevelSpec): TopLevelSpec | Skip =>
    d === undefined ? noEval : d.kind === 'skip' ? (d as Skip) : spec(d as T);
  const chosen = chosenRateData(records, o.smooth);
  const soleBest = soleBestData(records, o.smooth);
  // Runs recorded before the metric existed have no sole_best_rate: leave the plot out, not missing.
  const soleBestPlot: PlannedPlot[] =
    soleBest.kind === 'skip'
      ? []
      : [
          {
            file: 'sole-best.svg',
            title: 'Sole best rate per candidate source',
            section: 'figure8',
            caption:
              'Share of the used pools whose highest reward only that source\'s candidates reach. The chosen rate above breaks ties between equal rewards at random, so part of it is coin flips (with many rollouts most tied pools go to a rollout); this curve has no tie-breaks, so a rise in it is the rollouts truly beating the original and the rewrite.',
            spec: line(soleBest, 'Sole best rate per candidate source', sources(soleBest)),
          },
        ];
  const bySource = rewardSourceData(records, o.smooth);
  const time = timeData(records);
  const curves = evalCurveData(records);
  // Only runs with `eval every N` have evaluation points; for the others this plot is not missing.
  const overTraining: PlannedPlot[] =
    curves.kind === 'skip'
      ? []
      : [
          {
            file: 'eval-over-training.svg',
            title: 'Evaluation over training',
            section: 'eval',
            caption:
              'The evaluation points of `eval every N`: greedy continuations of the first evaluation seed\'s held-out prefixes by the policy of that step, scored by the evaluation suite (no win rates). Each arm\'s line starts at the last point of the shared phases, the model it branched from. `time/eval` in metrics.jsonl holds what each point cost.',
            spec: lineChartSpec(curves, { title: 'Evaluation over training', smooth: 1, colorDomain: series }),
          },
        ];
  return [
    {
      file: 'chosen-rate.svg',
      title: 'Chosen rate per candidate source',
      section: 'figure8',
      caption:
        'Share of each step\'s chosen (preferred) texts that came from each candidate source. Early on the policy\'s rollouts are rarely chosen and the original or the rewrite wins; as the policy improves its rollouts should be chosen more often (the paper\'s Figure 8). A text shared by several sources credits each equally.',
      spec: line(chosen, 'Chosen rate per candidate source (paper Figure 8)', sources(chosen), true),
    },
    ...soleBestPlot,
    {
      file: 'eval-metrics.svg',
      title: 'Evaluation metrics by model',
      section: 'eval',
      caption: 'Headline metrics of `spt eval` for each model (the table above has all of them).',
      spec: bars(data.evalReport && evalBarsData(data.evalReport), (d) => evalBarsSpec(d, 'Evaluation metrics by model')),
    },
    {
      file: 'win-rates.svg',
      title: 'Pairwise win rates',
      section: 'eval',
      caption: 'Win rate of each model against another, judged pairwise in both orders with ties counted half, per quality judge.',
      spec: bars(data.evalReport && winRatesData(data.evalReport), (d) => winRatesSpec(d, 'Pairwise win rates')),
    },
    ...overTraining,
    {
      file: 'loss.svg',
      title: 'Training loss',
      section: 'training',
      caption: 'Loss per step. Each phase reports its own objective\'s loss (next-token cross-entropy, DPO loss plus any NLL term, ...), so compare a curve with itself rather than across objectives.',
      spec: line(lossData(records, o.smooth), 'Training loss', series),
    },
    {
      file: 'reward-aspects.svg',
      title: 'Judge score per aspect and reward',
      section: 'training',
      caption: 'Mean judge score per aspect over every candidate of a step (original, rewrite and rollouts), and the mean summed reward.',
      spec: line(rewardAspectData(records, o.smooth), 'Judge score per aspect and summed reward', series),
    },
    {
      file: 'reward-sources.svg',
      title: 'Reward by candidate source',
      section: 'training',
      caption: 'Mean reward of the candidates from each source. Rollouts closing the gap to the rewrite means the policy is learning what the judges reward.',
      spec: line(bySource, 'Reward by candidate source', sources(bySource)),
    },
    {
      file: 'dpo.svg',
      title: 'DPO margin and accuracy',
      section: 'training',
      caption: 'Margin: chosen minus rejected log-probability ratio against the reference model, mean over the step\'s pairs (nats). Accuracy: share of pairs with a positive margin.',
      spec: line(dpoData(records, o.smooth), 'DPO margin and pair accuracy', series),
    },
    {
      file: 'time.svg',
      title: 'Time per step',
      section: 'training',
      caption: 'Where each part of the run spent its step time: generating rollouts, judging, the update, and the rest.',
      spec: time.kind === 'skip' ? time : timeChartSpec(time, 'Time per step'),
    },
  ];
}
