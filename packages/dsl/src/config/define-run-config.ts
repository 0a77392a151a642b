import type {
  CandidatesConfig,
  CurriculumConfig,
  JudgeConfig,
  LrConfig,
  ObjectiveConfig,
  PhaseConfig,
  PluginRef,
  PluginRegistry,
  RewardExpr,
  RunConfig,
  ScheduleSpec,
  TrainConfig,
} from '@spt/core';
import { DEFAULTS } from './defaults';
import type {
  CandidatesInput,
  CurriculumInput,
  JudgeInput,
  ObjectiveInput,
  PhaseInput,
  PluginRefInput,
  RunConfigInput,
  ScheduleInput,
} from './run-config-input';

export interface DefineOptions {
  /** With a registry, a judge without a mode gets the first mode its manifest lists. */
  registry?: PluginRegistry;
}

/**
 * Builds a complete RunConfig from a partial one, filling every default the recipe compiler
 * fills (see DEFAULTS). Does not validate: use `validateRunConfig` for that.
 */
export function defineRunConfig(input: RunConfigInput, options: DefineOptions = {}): RunConfig {
  const candidates = fillCandidates(input.candidates) ?? { original: true };
  const judges = (input.judges ?? []).map((j) => fillJudge(j, options.registry));
  const objective = fillObjective(input.objective);
  const lr = fillLr(input.train?.lr);
  const phases: PhaseConfig[] = input.phases?.length
    ? input.phases.map((p) => fillPhase(p, objective))
    : input.steps !== undefined
      ? [{ name: DEFAULTS.mainPhase, steps: input.steps, objective }]
      : [];
  const config: RunConfig = {
    name: input.name,
    uses: [...(input.uses ?? [])],
    data: typeof input.data === 'object' && input.data.holdout !== undefined ? { ...ref(input.data), holdout: input.data.holdout } : ref(input.data),
    policy: ref(input.policy),
    window: { ...DEFAULTS.window, ...input.window },
    candidates,
    judges,
    reward: input.reward ?? sumOfAspects(judges.map((j) => j.aspect)),
    curriculum: fillCurriculum(input.curriculum) ?? { weights: {}, params: {} },
    train: trainWith(input.train, lr),
    phases,
    arms: (input.arms ?? []).map((a) => ({ name: a.name, phases: a.phases.map((p) => fillPhase(p, objective)) })),
    judging: { ...DEFAULTS.judging, ...input.judging },
    checkpoint: { ...DEFAULTS.checkpoint, ...input.checkpoint },
    metrics: (input.metrics ?? []).map(ref),
    observers: (input.observers ?? []).map(ref),
  };
  // Only when given: the configs (and fingerprints) of recipes without shapers stay as they were.
  if (input.shapers?.length) config.shapers = input.shapers.map(ref);
  if (input.init) config.init = { from: input.init.from };
  if (input.eval) {
    const { suite, ...rest } = input.eval;
    config.eval = { ...DEFAULTS.eval, ...rest };
    if (suite !== undefined) config.eval.suite = ref(suite);
  }
  if (input.pools) config.pools = { ...DEFAULTS.pools, ...input.pools };
  if (input.source) config.source = { file: input.source.file };
  return config;
}

/** `quality + safety + ...` over the judged aspects, in order (0 when nothing is judged). */
export function sumOfAspects(aspects: readonly string[]): RewardExpr {
  if (aspects.length === 0) return { kind: 'number', value: 0 };
  return aspects
    .map((name): RewardExpr => ({ kind: 'aspect', name }))
    .reduce((left, right) => ({ kind: 'binary', op: '+', left, right }));
}

/** Train settings with defaults, in a stable key order (batch, lr, then the rest). */
function trainWith(train: RunConfigInput['train'], lr: LrConfig): TrainConfig {
  const t = { ...DEFAULTS.train, ...train };
  const out: TrainConfig = { batch: t.batch, lr, seed: t.seed, staleness: t.staleness };
  // Optimizer settings only when given: otherwise the backend's own options apply.
  if (t.microBatch !== undefined) out.microBatch = t.microBatch;
  if (t.gradClip !== undefined) out.gradClip = t.gradClip;
  if (t.weightDecay !== undefined) out.weightDecay = t.weightDecay;
  return out;
}

function ref(r: PluginRefInput): PluginRef {
  return typeof r === 'string' ? { plugin: r, options: {} } : { plugin: r.plugin, options: { ...r.options } };
}

function fillCandidates(c: CandidatesInput | undefined): CandidatesConfig | undefined {
  if (!c) return undefined;
  const out: CandidatesConfig = { original: c.original ?? true };
  if (c.rewrite !== undefined) {
    out.rewrite = ref(c.rewrite);
    out.rewriteFit = c.rewriteFit ?? DEFAULTS.rewriteFit;
  }
  if (c.rollouts) {
    const r = c.rollouts;
    out.rollouts = { n: r.n, temperature: r.temperature ?? DEFAULTS.rollouts.temperature, topP: r.topP ?? DEFAULTS.rollouts.topP };
  }
  if (c.extra && Object.keys(c.extra).length) {
    out.extra = Object.fromEntries(Object.entries(c.extra).map(([k, v]) => [k, ref(v)]));
  }
  return out;
}

function fillJudge(j: JudgeInput, registry: PluginRegistry | undefined): JudgeConfig {
  const judge = ref(j.judge);
  const modes = registry?.has('judge', judge.plugin) ? registry.get('judge', judge.plugin).manifest.judge?.modes : undefined;
  return {
    aspect: j.aspect,
    judge,
    mode: j.mode ?? modes?.[0] ?? 'pointwise',
    samples: j.samples ?? DEFAULTS.judge.samples,
    reference: j.reference ?? DEFAULTS.judge.reference,
    pairing: j.pairing ?? DEFAULTS.judge.pairing,
    order: j.order ?? DEFAULTS.judge.order,
  };
}

function fillObjective(o: ObjectiveInput | undefined): ObjectiveConfig {
  if (!o) return { ...DEFAULTS.objective, reference: { ...DEFAULTS.objective.reference } };
  if (o.kind === 'grpo') return { kind: 'grpo', clip: o.clip ?? 0.2, klBeta: o.klBeta ?? 0, variant: o.variant ?? 'grpo' };
  if (o.kind === 'plugin') return { kind: 'plugin', plugin: o.plugin, options: { ...(o.options ?? {}) } };
  if (o.kind !== 'online_dpo') return { ...o };
  return {
    kind: 'online_dpo',
    beta: o.beta ?? DEFAULTS.objective.beta,
    reference: o.reference ? { ...o.reference } : { ...DEFAULTS.objective.reference },
    nllAlpha: o.nllAlpha ?? DEFAULTS.objective.nllAlpha,
    ties: o.ties ?? DEFAULTS.objective.ties,
    // Only when set: a recipe without it keeps the fingerprint its checkpoints were written with.
    ...(o.ntpAlpha === undefined ? {} : { ntpAlpha: o.ntpAlpha }),
    ...(o.pairsPerPool === undefined ? {} : { pairsPerPool: o.pairsPerPool }),
    ...(o.minGap === undefined ? {} : { minGap: o.minGap }),
  };
}

function fillLr(lr: Partial<LrConfig> | number | undefined): LrConfig {
  return typeof lr === 'number' ? { ...DEFAULTS.lr, peak: lr } : { ...DEFAULTS.lr, ...lr };
}

function schedule(s: ScheduleInput): ScheduleSpec {
  return typeof s === 'number' ? { kind: 'constant', value: s } : structuredClone(s);
}

function fillCurriculum(c: CurriculumInput | undefined): CurriculumConfig | undefined {
  if (!c) return undefined;
  const map = (r: Record<string, ScheduleInput> | undefined) =>
    Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, schedule(v)]));
  return { weights: map(c.weights), params: map(c.params), ...(c.plugin ? { plugin: ref(c.plugin) } : {}) };
}

function fillPhase(p: PhaseInput, runObjective: ObjectiveConfig): PhaseConfig {
  const out: PhaseConfig = {
    name: p.name,
    steps: p.steps,
    objective: p.objective ? fillObjective(p.objective) : structuredClone(runObjective),
  };
  if (p.lr !== undefined) out.lr = fillLr(p.lr);
  const candidates = fillCandidates(p.candidates);
  if (candidates) out.candidates = candidates;
  const curriculum = fillCurriculum(p.curriculum);
  if (curriculum) out.curriculum = curriculum;
  if (p.shapers?.length) out.shapers = p.shapers.map(ref);
  return out;
}
