import { SptError } from '../errors';
import type { CurriculumConfig, LrConfig, RunConfig, ScheduleSpec } from '../spec/run-config';

/** Steps of the whole run: the shared phases plus every arm's phases (arms run one after another). */
export function totalSteps(config: RunConfig): number {
  const sum = (phases: RunConfig['phases']) => phases.reduce((n, p) => n + p.steps, 0);
  return sum(config.phases) + config.arms.reduce((n, a) => n + sum(a.phases), 0);
}

function scaleSchedule(s: ScheduleSpec, f: (n: number) => number): ScheduleSpec {
  if (s.kind === 'linear' || s.kind === 'cosine') return { ...s, start: f(s.start), end: f(s.end) };
  if (s.kind === 'step') return { ...s, boundaries: s.boundaries.map(f) };
  return s;
}

function scaleCurriculum(c: CurriculumConfig, f: (n: number) => number): CurriculumConfig {
  const map = (r: Record<string, ScheduleSpec>) => Object.fromEntries(Object.entries(r).map(([k, s]) => [k, scaleSchedule(s, f)]));
  // A plugin's own step options are its to interpret: `--steps` scales only the schedule tables.
  return { weights: map(c.weights), params: map(c.params), ...(c.plugin ? { plugin: c.plugin } : {}) };
}

function scaleLr(lr: LrConfig, f: (n: number) => number): LrConfig {
  return { ...lr, warmup: f(lr.warmup) };
}

/**
 * `spt run --steps N`: the same run shrunk or stretched to about N steps in total. Every phase
 * length, schedule boundary, lr warm-up and eval/checkpoint/pool-log cadence scales by N / total, so a
 * smoke test walks through every phase, arm and curriculum stage. Phases keep at least 1 step.
 */
export function scaleSteps(config: RunConfig, steps: number): RunConfig {
  if (!Number.isInteger(steps) || steps < 1) {
    throw new SptError({
      code: 'cli.steps',
      what: 'invalid --steps',
      expected: 'a whole number of steps >= 1',
      got: String(steps),
      fix: 'e.g. --steps 20',
    });
  }
  const total = totalSteps(config);
  if (total === 0 || total === steps) return config;
  const factor = steps / total;
  const at = (n: number) => Math.round(n * factor);
  const length = (n: number) => Math.max(1, at(n));
  const cadence = (n: number) => (n === 0 ? 0 : length(n)); // every 0 (off / only at the end) stays 0
  const phase = (p: RunConfig['phases'][number]) => ({
    ...p,
    steps: length(p.steps),
    lr: p.lr && scaleLr(p.lr, at),
    curriculum: p.curriculum && scaleCurriculum(p.curriculum, at),
  });
  return {
    ...config,
    phases: config.phases.map(phase),
    arms: config.arms.map((a) => ({ ...a, phases: a.phases.map(phase) })),
    curriculum: scaleCurriculum(config.curriculum, at),
    train: { ...config.train, lr: scaleLr(config.train.lr, at) },
    eval: config.eval && { ...config.eval, every: cadence(config.eval.every) },
    checkpoint: { ...config.checkpoint, every: cadence(config.checkpoint.every) },
    ...(config.pools ? { pools: { ...config.pools, every: cadence(config.pools.every) } } : {}),
  };
}
