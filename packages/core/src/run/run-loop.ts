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
import type { ArmConfig, PhaseConfig } from '../spec/run-config';
import type { RunResult } from '../spec/run-handle';
import { createFsCheckpointStore } from '../checkpoint/fs-checkpoint-store';
import { changedSettings, configFingerprint, NOT_TRAINING } from './config-fingerprint';
import type { EventHub } from './event-hub';
import { createEvalPoints } from './eval-points';
import { loopExtra } from './loop-extra';
import type { RunParts } from './run-parts';
import { runScope, type Restore, type Scope, type ScopeRunContext } from './scope-loop';

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
  const sc: ScopeRunContext = { parts, config, hub, signal: lc.signal, evalPoints, fingerprint, totalSteps, progress, warn };

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
  // Steps done so far: the shared ones now; each arm adds its own as it is reached below.
  progress.completed = found?.state.step ?? 0;
  const completed = found ? found.state.step + (await armStepsDone(found.state)) : 0;
  hub.emit({ type: 'run-start', name: config.name, totalSteps, ...(found ? { resumedFrom: found.state.step, completed } : {}) });
  try {
    await evalPoints?.prepare(parts.backend, lc.signal);
  } catch (e) {
    // Stopped while drawing the evaluation prompts (Ctrl-C during a slow held-out set): no step ran yet;
    // run-start came first, so observers see the run begin and end.
    if (lc.signal.aborted) return finish('aborted');
    throw e;
  }

  // 2. The shared phases (fresh weights, `init.from`, or the checkpoint found above).
  let start: Restore;
  if (found && loopExtra(found.state).done) {
    start = { dir: found.info.dir, state: found.state };
    progress.steps = found.state.step;
  } else {
    if (!found && config.init) await parts.backend.load(await policyDirOf(config.init.from));
    const ended = await runScope(sc, shared, found ? { dir: found.info.dir, state: found.state } : undefined);
    if (ended.status !== 'completed') return finish(ended.status);
    start = ended.end;
  }
  progress.checkpoints.start = start.dir;

  // 3. Each arm from the same start checkpoint, in its own folder. Arms share the start's global
  // step numbers, so the run's completed steps add each arm's own steps to the shared ones.
  for (const arm of config.arms) {
    const { scope, latest } = await armScope(arm);
    if (latest && loopExtra(latest.state).done) {
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
    const ended = await runScope(sc, scope, latest ? { dir: latest.info.dir, state: latest.state } : fromStart);
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
    if (!loopExtra(start).done) return 0;
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
}

/** `init.from` may name a checkpoint folder (with policy/) or a backend's own model folder. */
async function policyDirOf(from: string): Promise<string> {
  const { stat } = await import('node:fs/promises');
  const policy = path.join(from, 'policy');
  return (await stat(policy).then((s) => s.isDirectory()).catch(() => false)) ? policy : from;
}
