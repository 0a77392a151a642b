import type { CandidateSource } from '../spec/candidate-source';
import type { Curriculum } from '../spec/curriculum';
import type { RewardShaper } from '../spec/reward-shaper';
import type { CandidatesConfig, LrConfig, PhaseConfig, RolloutsConfig } from '../spec/run-config';
import { createCurriculum, canonicalSource } from '../pool/curriculum';
import { createOriginalSource, createRewriteSource, createRolloutSource } from '../pool/builtin-sources';
import { judgeIdentity } from '../judging/cache-key';
import { objectiveRef } from '../objectives/builtin-objectives';
import { poolSourceNames } from '../pool/pool-size';
import { createPluginObjective } from '../objectives/plugin-objective';
import type { CoreObjective } from '../objectives/core-objective';
import type { RunParts } from './run-parts';

/** A phase with everything resolved: objective, lr, curriculum and candidate sources in pool order. */
export interface PhasePlan {
  config: PhaseConfig;
  arm?: string;
  objective: CoreObjective;
  lr: LrConfig;
  curriculum: Curriculum;
  candidates: CandidatesConfig;
  sources: CandidateSource[];
  /** The reward-shaper chain after the reward expression (the phase's, else the run's). */
  shapers: RewardShaper[];
}

/**
 * Resolves a phase (`firstStep` = global index of its first step, so schedules see phase steps): fields it leaves out come from the run; sources are ordered original, rewrite,
 * rollout, then plugin sources (pool order only breaks nothing: target ties are drawn at random).
 * Rollout temperature / top-p follow curriculum parameters `temperature` / `top_p` when scheduled.
 */
export async function planPhase(parts: RunParts, phase: PhaseConfig, arm: string | undefined, firstStep: number): Promise<PhasePlan> {
  const { config } = parts;
  const curriculumConfig = phase.curriculum ?? config.curriculum;
  const curriculum = curriculumConfig.plugin
    ? await parts.ctx.registry.create('curriculum', curriculumConfig.plugin, parts.ctx)
    : createCurriculum(curriculumConfig, `${arm ? `${arm}.` : ''}${phase.name}.curriculum`);
  const candidates = phase.candidates ?? config.candidates;
  const scheduled = (name: string, step: number) => curriculum.value(name, step);
  const phaseStepOf = (globalStep: number) => globalStep - firstStep;
  // Built-in objectives and plugins alike are created through the registry (kind `objective`).
  const ref = phase.objective.kind === 'plugin' ? { plugin: phase.objective.plugin, options: phase.objective.options } : objectiveRef(phase.objective);
  const objective = await createPluginObjective(parts.ctx.registry, ref, parts.ctx, {
    where: arm ? `${arm}/${phase.name}` : phase.name,
    seed: config.train.seed,
    k: config.window.k,
    scheduled,
    phaseStepOf,
    judges: config.judges.map((j) => j.aspect),
    sources: poolSourceNames(candidates),
    capabilities: parts.backend.capabilities,
  });
  const wanted = (name: string) => objective.needsPool && (!objective.onlySources || objective.onlySources.map(canonicalSource).includes(name));
  const sources: CandidateSource[] = [];
  if (candidates.original && wanted('original')) sources.push(createOriginalSource());
  if (candidates.rewrite && wanted('rewrite')) {
    const rewriter = await parts.rewriter(candidates.rewrite);
    // Rewrites are cached like judgments: a rerun, a resume and every arm that reads the same windows share them.
    const identity = judgeIdentity(candidates.rewrite.plugin, rewriter.version, candidates.rewrite.options);
    sources.push(createRewriteSource(rewriter, { fit: candidates.rewriteFit ?? 'keep', concurrency: config.judging.concurrency, cache: parts.cache, identity }));
  }
  const rollouts = candidates.rollouts;
  if (rollouts && rollouts.n > 0 && wanted('rollout')) {
    sources.push(
      createRolloutSource((step): RolloutsConfig => ({
        n: rollouts.n,
        temperature: curriculum.value('temperature', step) ?? rollouts.temperature,
        topP: curriculum.value('top_p', step) ?? rollouts.topP,
      })),
    );
  }
  for (const [name, ref] of Object.entries(candidates.extra ?? {})) {
    if (wanted(name)) sources.push(await parts.extraSource(ref));
  }
  const shapers = objective.needsJudging ? await Promise.all((phase.shapers ?? config.shapers ?? []).map((ref) => parts.shaper(ref))) : [];
  return { config: phase, arm, objective, lr: phase.lr ?? config.train.lr, curriculum, candidates, sources, shapers };
}

