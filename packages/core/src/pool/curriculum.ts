import { SptError } from '../errors';
import type { Curriculum } from '../spec/curriculum';
import type { CurriculumConfig, ScheduleSpec } from '../spec/run-config';
import { createRng } from '../util/rng';
import { scheduleValue, validateSchedule } from '../schedule/schedule';

/** Recipe spellings of built-in source names ('rollouts' in recipes, 'rollout' on candidates). */
export function canonicalSource(name: string): string {
  return name === 'rollouts' ? 'rollout' : name === 'rewrites' ? 'rewrite' : name;
}

/** Every value a schedule can take lies among these (it moves monotonically between them). */
function extremeValues(spec: ScheduleSpec): number[] {
  if (spec.kind === 'constant') return [spec.value];
  if (spec.kind === 'step') return spec.values;
  return [spec.from, spec.to];
}

/**
 * The curriculum of a phase: per-source weights (missing = 1) and scheduled parameters, as
 * functions of the step within the phase. Weights are checked to stay in [0, 1].
 */
export function createCurriculum(config: CurriculumConfig, where = 'curriculum'): Curriculum {
  const weights = new Map<string, ScheduleSpec>();
  for (const [name, spec] of Object.entries(config.weights)) {
    validateSchedule(spec, `${where}.weights.${name}`);
    const bad = extremeValues(spec).find((v) => !(v >= 0 && v <= 1));
    if (bad !== undefined) {
      throw new SptError({
        code: 'config.curriculum',
        what: `source weight ${where}.weights.${name} leaves [0, 1]`,
        expected: 'a probability between 0 and 1 at every step',
        got: String(bad),
        fix: 'a weight is the probability that the source joins a prefix pool; keep it within 0..1',
      });
    }
    weights.set(canonicalSource(name), spec);
  }
  for (const [name, spec] of Object.entries(config.params)) validateSchedule(spec, `${where}.params.${name}`);
  return {
    name: 'schedules',
    sourceWeight: (source, step) => {
      const spec = weights.get(canonicalSource(source));
      return spec === undefined ? 1 : scheduleValue(spec, step);
    },
    value: (parameter, step) => {
      const spec = config.params[parameter];
      return spec === undefined ? undefined : scheduleValue(spec, step);
    },
  };
}

/**
 * Whether a source joins one prefix's pool: true with probability `weight`, drawn from `seed`.
 * Weight 0 is never drawn in (the source is neither computed nor judged), weight 1 always.
 */
export function joinsPool(weight: number, seed: number): boolean {
  if (weight <= 0) return false;
  if (weight >= 1) return true;
  return createRng(seed).next() < weight;
}
