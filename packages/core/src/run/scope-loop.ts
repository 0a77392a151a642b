/**
 * One scope of a run (the shared phases, or one arm): its phases step by step from a restore point,
 * with the metrics file, the pool log, in-loop evaluation points and checkpoints. run-loop.ts
 * decides which scopes run from where.
 */
import path from 'node:path';
import type { CheckpointStore, RunState } from '../spec/checkpoint-store';
import type { PhaseConfig, RunConfig } from '../spec/run-config';
import { createRng } from '../util/rng';
import { createAbstentionWatch, DEFAULT_MAX_UNUSABLE_STEPS } from './abstention-watch';
import type { ConfigFingerprint } from './config-fingerprint';
import { createJsonlAppender, createJsonlMetricsSink, truncateLines } from '../metrics/jsonl-metrics';
import { poolLogRecords, type PoolLogRecord } from '../metrics/pool-log';
import { stepMetrics } from '../metrics/step-metrics';
import type { EventHub } from './event-hub';
import { evalDue, type EvalPoint, type EvalPoints } from './eval-points';
import { loopExtra, storedExtra } from './loop-extra';
import { planPhase } from './phase-plan';
import type { RunParts } from './run-parts';
import { generateStep, judgeStep, updateStep, type PreparedStep, type UpdateOutcome } from './sip-step';
import { WindowFeed } from './window-feed';

/** The shared phases, or one arm: its folder, checkpoint store and metrics file. */
export interface Scope {
  arm?: string;
  dir: string;
  phases: PhaseConfig[];
  store: CheckpointStore;
  metricsFile: string;
  poolsFile: string;
}

export type Restore = { dir: string; state: RunState };

/** What every scope of a run shares. */
export interface ScopeRunContext {
  parts: RunParts;
  config: RunConfig;
  hub: EventHub;
  signal: AbortSignal;
  evalPoints: EvalPoints | undefined;
  fingerprint: ConfigFingerprint;
  /** Steps of the whole run (shared phases and every arm), for progress events. */
  totalSteps: number;
  /** `steps`: the current global step; `completed`: steps done over the shared phases and every arm. */
  progress: { steps: number; completed: number };
  warn: (code: string, message: string) => void;
}

/** Runs a scope's phases from a restore point (or from the current weights), step by step. */
export async function runScope(sc: ScopeRunContext, scope: Scope, from?: Restore): Promise<{ status: 'completed' | 'aborted'; end: Restore }> {
  const { parts, config, evalPoints, fingerprint, hub, progress, totalSteps, warn } = sc;
  const { backend } = parts;
  const state = from?.state;
  if (from) await backend.load(path.join(from.dir, 'policy'));
  const extra = state && loopExtra(state);
  if (extra?.costLedger) parts.ledger()?.restore(extra.costLedger);
  await truncateLines(scope.metricsFile, state?.metricsOffset ?? 0);
  const sink = createJsonlMetricsSink(scope.metricsFile, state?.metricsOffset ?? 0);
  // The pool log resumes like metrics: a resumed run's log equals an uninterrupted run's.
  await truncateLines(scope.poolsFile, extra?.poolsOffset ?? 0);
  const poolLog = config.pools ? createJsonlAppender<PoolLogRecord>(scope.poolsFile, extra?.poolsOffset ?? 0) : undefined;
  const stream = parts.source.open(extra?.feed.cursor);
  const seed = config.train.seed;
  const windowOptions = { ...config.window };
  const feed = new WindowFeed(stream, backend.tokenizer, parts.windower, windowOptions, seed, extra?.feed);
  let global = state?.step ?? 0;
  let lastSaved = state ? global : -1;
  let exhausted = false;
  let pending = extra?.pending;
  // The step last evaluated: a checkpoint inside a scope is never at its end, so only the cadence counts.
  let lastEval = state && evalPoints && evalDue(evalPoints.every, global, false) ? global : -1;
  let phaseName = '';
  const abstentions = createAbstentionWatch(config.judging.maxUnusableSteps ?? DEFAULT_MAX_UNUSABLE_STEPS);
  const startPhase = state ? Math.max(0, scope.phases.findIndex((p) => p.name === state.phase)) : 0;

  /** Scores the current policy at `global`; the caller writes the values and reports the point. */
  const evaluate = async (points: EvalPoints): Promise<EvalPoint> => {
    const point = await points.measure(backend, `${scope.arm ?? phaseName}@${global}`);
    lastEval = global;
    return point;
  };
  /** Writes the metrics record of `global` to the run's metrics file and every metrics sink. */
  const writeRecord = async (phase: string, values: Record<string, number>) => {
    const record = { step: global, phase, ...(scope.arm ? { arm: scope.arm } : {}), time: Date.now(), values };
    await sink.write(record);
    for (const s of parts.sinks) await s.write(record);
    return record;
  };
  const reportEval = (point: EvalPoint) => hub.emit({ type: 'eval', step: global, ...(scope.arm ? { arm: scope.arm } : {}), results: point.results });

  const checkpoint = async (name: string, phase: PhaseConfig | undefined, phaseStep: number, done: boolean): Promise<Restore> => {
    await sink.flush?.();
    await poolLog?.flush();
    const saved: RunState = {
      version: 1,
      step: global,
      // A run with no shared phase still records the state its arms start from.
      phase: phase?.name ?? '',
      ...(scope.arm ? { arm: scope.arm } : {}),
      phaseStep,
      cursor: feed.state().cursor,
      rng: createRng(seed).state(),
      metricsOffset: sink.lines,
      configHash: fingerprint.hash,
      configParts: fingerprint.parts,
      evalHash: fingerprint.evalHash,
      extra: storedExtra({ feed: feed.state(), pending, done, costLedger: parts.ledger()?.state(), poolsOffset: poolLog?.lines ?? 0 }),
    };
    const info = await scope.store.save(name, saved, (dir) => backend.save(path.join(dir, 'policy')));
    lastSaved = global;
    hub.emit({ type: 'checkpoint', step: global, dir: info.dir });
    return { dir: info.dir, state: saved };
  };

  try {
    for (let p = startPhase; p < scope.phases.length && !exhausted; p++) {
      const phase = scope.phases[p];
      let phaseStep = p === startPhase && state ? state.phaseStep : 0;
      const plan = await planPhase(parts, phase, scope.arm, global - phaseStep);
      phaseName = phase.name;
      if (p !== startPhase) pending = undefined;
      hub.emit({ type: 'phase-start', phase: phase.name, ...(scope.arm ? { arm: scope.arm } : {}), steps: phase.steps });
      // The DPO reference is the policy at the start of the phase (re-synced later if `sync`).
      if (phaseStep === 0 && (phase.objective.kind === 'online_dpo' || phase.objective.kind === 'grpo' || plan.objective.usesReference)) await backend.syncReference();

      while (phaseStep < phase.steps) {
        if (sc.signal.aborted) {
          if (lastSaved !== global) await checkpoint(stepName(global), phase, phaseStep, false);
          return { status: 'aborted', end: { dir: '', state: state as RunState } };
        }
        const t0 = performance.now();
        // This step's pools: prepared during the previous update (staleness 1) or now.
        let current: PreparedStep | undefined = pending;
        pending = undefined;
        if (!current) {
          const gen = await generateStep(parts, plan, feed, { global, phase: phaseStep });
          current = gen && (await judgeStep(parts, plan, gen));
        }
        if (!current) {
          exhausted = true;
          hub.emit({ type: 'warning', code: 'data.exhausted', message: `the data ran out at step ${global}; ending ${scope.arm ? `arm ${scope.arm}` : 'the shared phases'} early` });
          break;
        }
        // staleness 1: sample step t+1 with the pre-update weights, judge it while step t updates.
        let outcome: UpdateOutcome;
        if (config.train.staleness === 1 && phaseStep + 1 < phase.steps) {
          const nextGen = await generateStep(parts, plan, feed, { global: global + 1, phase: phaseStep + 1 });
          [outcome, pending] = await Promise.all([
            updateStep(parts, plan, current),
            nextGen ? judgeStep(parts, plan, nextGen) : Promise.resolve(undefined),
          ]);
        } else {
          outcome = await updateStep(parts, plan, current);
        }
        global++;
        phaseStep++;
        progress.steps = global;
        progress.completed++;
        const abstained = abstentions.observe(global, outcome.summary.pools, outcome.summary.used);
        if (abstained) warn('judge.abstained', abstained);

        const values = stepMetrics({
          ...outcome.summary,
          time: { ...outcome.summary.time, step: (performance.now() - t0) / 1000 },
          data: { ...(stream.stats?.() ?? {}), too_short: feed.tooShort },
        });
        const ledger = parts.ledger();
        if (ledger) Object.assign(values, ledger.metrics(global - 1));
        const scopeEnds = p === scope.phases.length - 1 && phaseStep === phase.steps;
        // An evaluation point joins its step's record, so a resume keeps or redoes both together.
        const point = evalPoints && evalDue(evalPoints.every, global, scopeEnds) ? await evaluate(evalPoints) : undefined;
        if (point) Object.assign(values, point.values);
        const record = await writeRecord(phase.name, values);
        if (poolLog && config.pools && global % config.pools.every === 0) {
          const { pools, used, picks } = outcome.summary;
          for (const r of poolLogRecords({ step: global, phase: phase.name, arm: scope.arm, pools, used, picks, max: config.pools.max })) await poolLog.write(r);
        }
        hub.emit({ type: 'step', step: global, totalSteps, phase: phase.name, ...(scope.arm ? { arm: scope.arm } : {}), metrics: record });
        if (point) reportEval(point);
        // Let subscribers react to this step before the next begins: an embedder that aborts on a
        // step event (its for-await body runs in microtasks) stops the run right after that step.
        await new Promise<void>((resolve) => setImmediate(resolve));
        // A spent judge/rewriter budget: stop resumably (raise the budget, then resume).
        if (ledger?.report().budget.exhausted) {
          hub.emit({ type: 'warning', code: 'budget.exhausted', message: `the judge/rewriter budget is spent at step ${global}: stopping with a checkpoint; raise the budget and resume` });
          await checkpoint(stepName(global), phase, phaseStep, false);
          return { status: 'aborted', end: { dir: '', state: state as RunState } };
        }
        if (config.checkpoint.every > 0 && global % config.checkpoint.every === 0 && !scopeEnds) {
          await checkpoint(stepName(global), phase, phaseStep, false);
        }
      }
    }
    // Data that ran out ends the scope early: its last model is still evaluated, in a record of its own.
    if (exhausted && evalPoints && lastEval !== global) {
      const point = await evaluate(evalPoints);
      await writeRecord(phaseName, point.values);
      reportEval(point);
    }
    const last = scope.phases.at(-1);
    pending = undefined;
    const end = await checkpoint('end', last, last?.steps ?? 0, true);
    return { status: 'completed', end };
  } finally {
    await sink.close?.();
    await poolLog?.close();
    await stream.close?.();
  }
}

export function stepName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}
