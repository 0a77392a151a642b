import type { RunConfig, ScheduleSpec } from '@spt/core';
import { didYouMean } from '@spt/core';
import { writtenSourceName } from '../compile/source-name';
import { CURRICULUM_PARAMS } from '../config/defaults';
import type { IssueSink, Limits } from './issues';
import { allPhases, needsPool, poolSources } from './pool';

const PARAM_LIMITS: Record<string, Limits> = {
  temperature: { min: 0 },
  top_p: { above: 0, max: 1 },
  beta: { above: 0 },
  nll_alpha: { min: 0 },
  ntp_alpha: { min: 0 },
  kl_beta: { min: 0 },
  max_abstention: { min: 0, max: 1 },
};

/** The numbers a schedule takes. */
function valuesOf(s: ScheduleSpec): number[] {
  if (s.kind === 'constant') return [s.value];
  if (s.kind === 'step') return s.values;
  return [s.from, s.to];
}

/** The last step at which a schedule still changes (0 for constants). */
function lastStep(s: ScheduleSpec): number {
  if (s.kind === 'constant') return 0;
  if (s.kind === 'step') return s.boundaries.length ? s.boundaries[s.boundaries.length - 1] : 0;
  return s.end;
}

/** One schedule's own shape: ordered steps, matching value/boundary counts. */
function checkShape(sink: IssueSink, s: ScheduleSpec, path: string, label: string): boolean {
  if (s.kind === 'linear' || s.kind === 'cosine') {
    if (!sink.number(path, `the start step of ${label}`, s.start, { integer: true, min: 0 })) return false;
    if (!sink.number(path, `the end step of ${label}`, s.end, { integer: true, min: 0 })) return false;
    if (s.end <= s.start) {
      sink.error('schedule.order', path, `${label} ends (step ${s.end}) before it starts (step ${s.start})`, {
        expected: 'steps <start>..<end> with start < end',
        fix: `write steps ${Math.min(s.start, s.end)}..${Math.max(s.start, s.end) === Math.min(s.start, s.end) ? s.start + 1 : Math.max(s.start, s.end)}`,
      });
      return false;
    }
  }
  if (s.kind === 'step') {
    if (s.values.length !== s.boundaries.length + 1) {
      sink.error('schedule.form', path, `${label} has ${s.values.length} values for ${s.boundaries.length} boundaries`, {
        expected: 'one more value than boundaries: step(<first>, <value> from <step>, ...)',
        fix: 'give a value for every boundary',
      });
      return false;
    }
    for (let i = 0; i < s.boundaries.length; i++) {
      if (!sink.number(path, `a boundary of ${label}`, s.boundaries[i], { integer: true, min: 0 })) return false;
      if (i > 0 && s.boundaries[i] <= s.boundaries[i - 1]) {
        sink.error('schedule.order', path, `the steps of ${label} must increase, got ${s.boundaries[i - 1]} then ${s.boundaries[i]}`, {
          expected: 'boundaries in increasing order',
          fix: 'sort the "from" steps',
        });
        return false;
      }
    }
  }
  return true;
}

/**
 * Curriculum: each schedule is well formed, fits inside every phase that uses it (a ramp that
 * ends after the phase never reaches its target), weights stay in 0..1 and name sources of the
 * pool, and scheduled parameters are ones the core reads, within their limits.
 */
export function checkCurriculum(sink: IssueSink, config: RunConfig): void {
  const shapeOk = new Set<string>();
  const check = (weights: boolean, name: string, s: ScheduleSpec, path: string) => {
    if (shapeOk.has(path)) return true;
    const label = weights ? `the weight of ${writtenSourceName(name)}` : name;
    if (!checkShape(sink, s, path, label)) return false;
    const limits: Limits | undefined = weights ? { min: 0, max: 1 } : PARAM_LIMITS[name];
    if (limits && !valuesOf(s).every((v) => sink.number(path, label, v, limits))) return false;
    shapeOk.add(path);
    return true;
  };
  const reportedUnknown = new Set<string>();
  for (const { phase, path: phasePath, label } of allPhases(config)) {
    const own = phase.curriculum !== undefined;
    const curriculum = phase.curriculum ?? config.curriculum;
    const base = own ? `${phasePath}.curriculum` : 'curriculum';
    const sources = poolSources(phase.candidates ?? config.candidates);
    const usesPool = needsPool(phase.objective);
    for (const [weights, table] of [[true, curriculum.weights], [false, curriculum.params]] as const) {
      for (const [name, s] of Object.entries(table)) {
        const path = `${base}.${weights ? 'weights' : 'params'}.${name}`;
        if (!weights && !(CURRICULUM_PARAMS as readonly string[]).includes(name)) {
          if (!reportedUnknown.has(path)) {
            sink.error('curriculum.parameter', path, `the curriculum cannot schedule "${name}"`, {
              expected: `a source weight or one of: ${CURRICULUM_PARAMS.join(', ')}`,
              fix: didYouMean(name, CURRICULUM_PARAMS) || 'remove it',
              atKey: true,
            });
            reportedUnknown.add(path);
          }
          continue;
        }
        if (!check(weights, name, s, path) || !usesPool) continue;
        if (weights && !sources.includes(name)) {
          sink.warn('curriculum.source', path, `${label} has a weight for ${writtenSourceName(name)}, which is not in its candidates`, {
            expected: `weights for the sources in candidates: ${sources.map(writtenSourceName).join(', ') || '(none)'}`,
            fix: `add ${writtenSourceName(name)} to candidates, or remove its weight`,
            atKey: true,
          });
        }
        const end = lastStep(s);
        if (end > phase.steps) {
          sink.error('schedule.beyond-phase', path, `this schedule runs to step ${end}, but ${label} has ${phase.steps} steps`, {
            expected: `a schedule within steps 0..${phase.steps} (steps count from the start of each phase)`,
            fix: `end it by step ${phase.steps}, or give the phase more steps`,
          });
        }
      }
    }
  }
}


const SCHEDULE_KINDS = new Set(['constant', 'linear', 'cosine', 'step']);

/** Schedules written in `shape` options: each one's own shape (ordered steps, value counts). */
export function checkShaperSchedules(sink: IssueSink, config: RunConfig): void {
  const chains = [{ refs: config.shapers ?? [], path: 'shapers' }, ...allPhases(config).map((p) => ({ refs: p.phase.shapers ?? [], path: `${p.path}.shapers` }))];
  for (const { refs, path } of chains) {
    refs.forEach((ref, i) => {
      for (const [key, value] of Object.entries(ref.options)) {
        const kind = (value as { kind?: unknown } | null)?.kind;
        if (typeof value === 'object' && value !== null && typeof kind === 'string' && SCHEDULE_KINDS.has(kind)) {
          checkShape(sink, value as ScheduleSpec, `${path}.${i}.options.${key}`, `the schedule of ${ref.plugin}'s "${key}"`);
        }
      }
    });
  }
}
