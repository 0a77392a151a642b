/**
 * The SIP training loop (docs/method.md), top to bottom: resume point -> shared phases -> checkpoint
 * 'start' -> each arm from that same checkpoint. One step is generateStep -> judgeStep ->
 * updateStep (sip-step.ts). Every open detail below is an option documented in docs/method.md.
 *
 * Where this loop departs from (or fills gaps in) the paper:
 *  1. Identical candidate texts are judged once and share their scores; the paper judges all.
 *  2. A failed judgment is an abstention: rewards use the judgments that exist, a candidate
 *     without a needed score gets no reward (never 0), and a pool whose abstained share exceeds
 *     judging.max_abstention is skipped.
 *  3. Pairwise scores are win fractions with ties counting half; both orders are judged by
 *     default (position-bias control, unspecified in the paper).
 *  4. Several candidates sharing the best (or worst) reward: one is drawn at random (seeded);
 *     best == worst skips the pool, as the paper skips ties.
 *  5. Split points are uniform over [prefix_min, length - K]; the prefix is the (up to) prefix_max
 *     tokens before the split, so long documents are used all along; shorter documents give no
 *     window. The paper leaves the rule open (sequences <= 2048).
 *  6. Curriculum source weights may schedule sources explicitly; the paper relies on the
 *     implicit shift of which source wins.
 *  7. online_dpo may add an NLL term on the chosen side (nll_alpha, default 0 = the paper).
 *  8. staleness 1 samples step t+1's rollouts before update t and judges them during update t
 *     (one-step-stale rollouts, still bit-for-bit reproducible); 0 (default) is on-policy.
 *  9. Rewrites longer than K are cut to K; shorter ones are kept short by default.
 * 10. `eval every N` scores the current policy in the loop (eval-points.ts): greedy continuations
 *     of one prompt set, no win rates, written into the step's metrics as eval/<metric> with
 *     time/eval. The paper evaluates finished models only; `spt eval` still compares the
 *     checkpoints in RunResult.checkpoints (all seeds, pairwise win rates).
 */
import path from 'node:path';
import { SptError } from '../errors';
import type { CheckpointStore, RunState } from '../spec/checkpoint-store';
import type { CostLedgerState } from '../spec/cost-ledger';
import type { ArmConfig, PhaseConfig } from '../spec/run-config';
import type { RunResult } from '../spec/run-handle';
import { createRng } from '../util/rng';
import { createFsCheckpointStore } from '../checkpoint/fs-checkpoint-store';
import { changedSettings, configFingerprint, NOT_TRAINING } from './config-fingerprint';
import { createAbstentionWatch, DEFAULT_MAX_UNUSABLE_STEPS } from './abstention-watch';
import { createJsonlAppender, createJsonlMetricsSink, truncateLines } from '../metrics/jsonl-metrics';
import { poolLogRecords, type PoolLogRecord } from '../metrics/pool-log';
import { stepMetrics } from '../metrics/step-metrics';
import type { EventHub } from './event-hub';
import { createEvalPoints, evalDue, type EvalPoint, type EvalPoints } from './eval-points';
import { planPhase } from './phase-plan';
import type { RunParts } from './run-parts';
import { generateStep, judgeStep, updateStep, type PreparedStep, type UpdateOutcome } from './sip-step';
import { WindowFeed, type FeedState } from './window-feed';

export interface LoopContext {
  parts: RunParts;
  runDir: string;
  hub: EventHub;
  signal: AbortSignal;
  resume: 'auto' | 'never' | 'require';
  /** Updated as steps complete (for a failure report). */
  /** `steps`: the current global step; `completed`: steps done over the shared phases and every arm. */
  progress: { steps: number; completed: number; checkpoints: Record<string, string> };
}

/** What a checkpoint adds to RunState.extra. */
interface LoopExtra {
  feed: FeedState;
  /** Spend of the run's judge/rewriter models (when a completion model keeps a ledger). */
  costLedger?: CostLedgerState;
  /** staleness 1: the next step, already generated and judged. */
  pending?: PreparedStep;
  /** True in the checkpoint written when the scope (shared phases or an arm) finished. */
  done: boolean;
  /** Complete lines of the scope's pools.jsonl at the checkpoint (the pool log's resume offset). */
  poolsOffset?: number;
}

/** The shared phases, or one arm: its folder, checkpoint store and metrics file. */
interface Scope {
  arm?: string;
  dir: string;
  phases: PhaseConfig[];
  store: CheckpointStore;
  metricsFile: string;
  poolsFile: string;
}

type Restore = { dir: string; state: RunState };
type ArmLookup = { scope: Scope; latest: Awaited<ReturnType<CheckpointStore['latest']>> };

export async function runLoop(lc: LoopContext): Promise<RunResult> {
  const { parts, runDir, hub, progress } = lc;
  const { config } = parts;
  const fingerprint = configFingerprint(config);
  const warn = (code: string, message: string) => hub.emit({ type: 'warning', code, message });
  const makeScope = (dir: string, phases: PhaseConfig[], arm?: string): Scope => ({
    arm,
    dir,
    phases,
    store: createFsCheckpointStore({ dir: path.join(dir, 'checkpoints'), keep: config.checkpoint.keep, warn }),
    metricsFile: path.join(dir, 'metrics.jsonl'),
    poolsFile: path.join(dir, 'pools.jsonl'),
  });
  const armScopes = new Map<string, Promise<ArmLookup>>();
  const evalPoints = parts.evalSuite && createEvalPoints(config, parts.evalSuite);
  const totalSteps = [...config.phases, ...config.arms.flatMap((a) => a.phases)].reduce((n, p) => n + p.steps, 0);

  // 1. Where to start: the latest good checkpoint of the shared phases (resume: auto/require).
  const shared = makeScope(runDir, config.phases);
  const found = await shared.store.latest();
  if (found && lc.resume === 'never') {
    throw new SptError({
      code: 'run.dir-not-empty',
      what: `run folder ${runDir} already holds checkpoints`,
      expected: 'an empty or new run folder (resume: never)',
      got: `checkpoint ${found.info.name} at step ${found.state.step}`,
      fix: 'choose another run folder, delete this one, or resume it',
    });
  }
  if (!found && lc.resume === 'require') {
    throw new SptError({
      code: 'run.no-checkpoint',
      what: `no checkpoint to resume in ${runDir}`,
      expected: 'a run folder with a good checkpoint',
      got: 'none',
      fix: 'start the run without resume: require',
    });
  }
  if (found && found.state.configHash !== fingerprint.hash) {
    throw new SptError({
      code: 'checkpoint.config-mismatch',
      what: `the checkpoint in ${runDir} was written by a different recipe`,
      expected: `the training settings of that recipe (config hash ${found.state.configHash.slice(0, 12)})`,
      got: `config hash ${fingerprint.hash.slice(0, 12)}; changed: ${changedSettings(fingerprint.parts, found.state.configParts).join(', ')}`,
      fix: `resume with the recipe that started the run, or use a new run folder (${NOT_TRAINING.filter((k) => k !== 'source').join(', ')} settings may change between a run and its resume)`,
    });
  }
  if (found?.state.evalHash && found.state.evalHash !== fingerprint.evalHash) {
    warn('checkpoint.eval-changed', `the evaluation settings (suite, prefixes, prompt seed, ...) differ from those of the checkpoint at step ${found.state.step}: in-loop evaluation points before and after it measure different things`);
  }
  await evalPoints?.prepare(parts.backend);
  // Steps done so far: the shared ones now; each arm adds its own as it is reached below.
  progress.completed = found?.state.step ?? 0;
  const completed = found ? found.state.step + (await armStepsDone(found.state)) : 0;
  hub.emit({ type: 'run-start', name: config.name, totalSteps, ...(found ? { resumedFrom: found.state.step, completed } : {}) });

  // 2. The shared phases (fresh weights, `init.from`, or the checkpoint found above).
  let start: Restore;
  if (found && (found.state.extra as unknown as LoopExtra).done) {
    start = { dir: found.info.dir, state: found.state };
    progress.steps = found.state.step;
  } else {
    if (!found && config.init) await parts.backend.load(await policyDirOf(config.init.from));
    const ended = await runScope(shared, found ? { dir: found.info.dir, state: found.state } : undefined);
    if (ended.status !== 'completed') return finish(ended.status);
    start = ended.end;
  }
  progress.checkpoints.start = start.dir;

  // 3. Each arm from the same start checkpoint, in its own folder. Arms share the start's global
  // step numbers, so the run's completed steps add each arm's own steps to the shared ones.
  for (const arm of config.arms) {
    const { scope, latest } = await armScope(arm);
    if (latest && (latest.state.extra as unknown as LoopExtra).done) {
      progress.checkpoints[arm.name] = latest.info.dir;
      progress.steps = latest.state.step;
      progress.completed += latest.state.step - start.state.step;
      continue;
    }
    const fromStart: Restore = {
      dir: start.dir,
      state: {
        ...start.state,
        arm: arm.name,
        phase: arm.phases[0].name,
        phaseStep: 0,
        metricsOffset: 0,
        extra: { ...(start.state.extra as object), pending: undefined, done: false, poolsOffset: 0 },
      },
    };
    progress.steps = (latest ?? start).state.step;
    if (latest) progress.completed += latest.state.step - start.state.step;
    const ended = await runScope(scope, latest ? { dir: latest.info.dir, state: latest.state } : fromStart);
    if (ended.status !== 'completed') return finish(ended.status);
    progress.checkpoints[arm.name] = ended.end.dir;
  }
  return finish('completed');

  /**
   * An arm's scope and its latest good checkpoint, looked up once: verifying a checkpoint hashes
   * its files and warns when one is corrupt, so the run-start count and the arm loop share it.
   */
  function armScope(arm: ArmConfig): Promise<ArmLookup> {
    let found = armScopes.get(arm.name);
    if (!found) {
      const scope = makeScope(path.join(runDir, 'arms', arm.name), arm.phases, arm.name);
      found = scope.store.latest().then((latest) => ({ scope, latest }));
      armScopes.set(arm.name, found);
    }
    return found;
  }

  /** Steps the arms already ran past `start` (their latest checkpoints), once the shared phases are done. */
  async function armStepsDone(start: RunState): Promise<number> {
    if (!(start.extra as unknown as LoopExtra).done) return 0;
    let n = 0;
    for (const arm of config.arms) {
      const { latest } = await armScope(arm);
      if (latest) n += latest.state.step - start.step;
    }
    return n;
  }

  function finish(status: 'completed' | 'aborted'): RunResult {
    hub.emit({ type: 'run-end', step: progress.steps, status, runDir });
    return { status, steps: progress.completed, runDir, checkpoints: { ...progress.checkpoints } };
  }

  /** Runs a scope's phases from a restore point (or from the current weights), step by step. */
  async function runScope(scope: Scope, from?: Restore): Promise<{ status: 'completed' | 'aborted'; end: Restore }> {
    const { backend } = parts;
    const state = from?.state;
    if (from) await backend.load(path.join(from.dir, 'policy'));
    const extra = state?.extra as LoopExtra | undefined;
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
        extra: { feed: feed.state(), pending, done, costLedger: parts.ledger()?.state(), poolsOffset: poolLog?.lines ?? 0 } satisfies LoopExtra as unknown as Record<string, unknown>,
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
          if (lc.signal.aborted) {
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
}

function stepName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

/** `init.from` may name a checkpoint folder (with policy/) or a backend's own model folder. */
async function policyDirOf(from: string): Promise<string> {
  const { stat } = await import('node:fs/promises');
  const policy = path.join(from, 'policy');
  return (await stat(policy).then((s) => s.isDirectory()).catch(() => false)) ? policy : from;
}
