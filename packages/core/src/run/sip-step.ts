/**
 * One SIP step, in three stages the loop can overlap (see run-loop.ts):
 *   generateStep: documents -> windows -> candidate pools (original / rewrite / rollouts / plugins)
 *   judgeStep:    pools -> judgments -> per-aspect scores -> rewards
 *   updateStep:   abstention policy -> objective -> one backend update
 * Every random choice derives from (run seed, purpose, global step, window position, ...).
 */
import { SptError } from '../errors';
import type { Candidate, CandidateBatch } from '../spec/candidate-source';
import type { Document } from '../spec/document-source';
import type { JudgedPool } from '../spec/judged-pool';
import type { PolicyBackend, UpdateStats } from '../spec/policy-backend';
import type { Window } from '../spec/windower';
import { deriveSeed } from '../util/rng';
import { abstentionRate, emptyJudgingStats, judgePool, stepCalibrations, type JudgingStats } from '../judging/judge-pool';
import { joinsPool } from '../pool/curriculum';
import type { ObjectiveOutput } from '../objectives/core-objective';
import { learningRate } from '../schedule/lr-schedule';
import type { StepSummary } from '../metrics/step-metrics';
import type { PhasePlan } from './phase-plan';
import type { RunParts } from './run-parts';
import type { WindowFeed } from './window-feed';

/** Where a step sits: its 0-based global index (seeds) and its index within the phase (schedules). */
export interface StepIndex {
  global: number;
  phase: number;
}

export interface GeneratedStep {
  index: StepIndex;
  windows: Window[];
  /** Candidates of each window, in source order. */
  candidates: Candidate[][];
  /** Token sequences of the step's documents (objectives without pools, e.g. ntp). */
  documents: Array<{ doc: Document; tokens: number[] }>;
  sourceFailures: Record<string, number>;
  generatedTokens: number;
  time: { generation: number; judging: number };
}

export interface PreparedStep extends GeneratedStep {
  pools: JudgedPool[];
  judging: JudgingStats;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

/** Reads the step's data and produces its candidate pools; undefined when the data ran out. */
export async function generateStep(parts: RunParts, plan: PhasePlan, feed: WindowFeed, index: StepIndex): Promise<GeneratedStep | undefined> {
  const t0 = performance.now();
  const { config, backend } = parts;
  const base = { index, sourceFailures: {}, generatedTokens: 0 };
  if (!plan.objective.needsPool) {
    const documents = await feed.sequences(config.train.batch, backend.capabilities.maxContext);
    if (documents.length === 0) return undefined;
    return { ...base, windows: [], candidates: [], documents, time: { generation: seconds(t0), judging: 0 } };
  }
  const { windows } = await feed.windows(config.train.batch);
  if (windows.length === 0) return undefined;
  const seed = config.train.seed;
  const produced = await Promise.all(
    plan.sources.map(async (source) => {
      const weight = plan.curriculum.sourceWeight(source.name, index.phase);
      const positions = windows.flatMap((_, i) => (joinsPool(weight, deriveSeed(seed, 'join', index.global, i, source.name)) ? [i] : []));
      if (positions.length === 0) return { positions, batch: { candidates: [] } as CandidateBatch };
      const ctx = { backend, step: index.global, phaseStep: index.phase, seed, k: config.window.k, positions };
      const batch = await source.produce(positions.map((i) => windows[i]), ctx);
      if (batch.candidates.length !== positions.length) {
        throw new SptError({
          code: 'source.contract',
          what: `candidate source "${source.name}" returned ${batch.candidates.length} lists for ${positions.length} windows`,
          expected: 'one list of candidates per window, in order',
          got: String(batch.candidates.length),
          fix: 'fix the source plugin (see CandidateSource in @spt/core)',
        });
      }
      return { positions, batch };
    }),
  );
  const candidates: Candidate[][] = windows.map(() => []);
  const sourceFailures: Record<string, number> = {};
  let generatedTokens = 0;
  produced.forEach(({ positions, batch }, s) => {
    const name = plan.sources[s].name;
    generatedTokens += batch.tokens ?? 0;
    positions.forEach((w, j) => {
      batch.candidates[j].forEach((c, n) => candidates[w].push({ ...c, id: `${c.source}:${n}` }));
      if (batch.failures?.[j] !== undefined) sourceFailures[name] = (sourceFailures[name] ?? 0) + 1;
    });
  });
  if (plan.shapers.some((s) => s.needs?.includes('logprobs'))) await attachLogprobs(backend, windows, candidates);
  return { ...base, windows, candidates, documents: [], sourceFailures, generatedTokens, time: { generation: seconds(t0), judging: 0 } };
}

/**
 * Every candidate's continuation scored under the policy (the weights that sampled the step) and
 * the DPO reference, summed over its tokens, for shapers that declare `needs: ['logprobs']`: two
 * batched backend calls per step.
 */
async function attachLogprobs(backend: PolicyBackend, windows: readonly Window[], candidates: Candidate[][]): Promise<void> {
  const flat = candidates.flatMap((pool, w) => pool.map((c) => ({ c, prompt: windows[w].prefixTokens })));
  if (flat.length === 0) return;
  const request = { prompts: flat.map((x) => x.prompt), continuations: flat.map((x) => x.c.tokens) };
  const [policy, reference] = await Promise.all([backend.logprobs(request), backend.logprobs({ ...request, model: 'reference' })]);
  const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  flat.forEach((x, i) => (x.c.logprobs = { policy: total(policy[i]), reference: total(reference[i]) }));
}

/** Judges every pool of the step (or wraps them unjudged for objectives that need no judge). */
export async function judgeStep(parts: RunParts, plan: PhasePlan, gen: GeneratedStep): Promise<PreparedStep> {
  const t0 = performance.now();
  const judging = emptyJudgingStats();
  const judges = plan.objective.needsJudging ? parts.judges : [];
  const calibrations = stepCalibrations(judges, gen.windows.length);
  const pools = await Promise.all(
    gen.windows.map((window, position) =>
      judges.length
        ? judgePool(window, gen.candidates[position], judges, parts.reward, {
            seed: parts.config.train.seed,
            step: gen.index.global,
            position,
            cache: parts.cache,
            limit: parts.limit,
            ...(parts.gate ? { gate: parts.gate } : {}),
            timeoutMs: parts.config.judging.timeoutMs ?? 0,
            stats: judging,
            calibrations,
            shaping: { shapers: plan.shapers, ctx: { step: gen.index.phase, globalStep: gen.index.global, phase: plan.arm ? `${plan.arm}/${plan.config.name}` : plan.config.name } },
          })
        : Promise.resolve<JudgedPool>({
            window,
            candidates: gen.candidates[position].map((c) => ({ ...c, scores: {}, reward: undefined, abstentions: [] })),
            judgments: { asked: 0, abstained: 0 },
          }),
    ),
  );
  return { ...gen, pools, judging, time: { ...gen.time, judging: seconds(t0) } };
}

export interface UpdateOutcome {
  output: ObjectiveOutput;
  summary: Omit<StepSummary, 'time' | 'data'> & { time: Omit<StepSummary['time'], 'step'> };
}

/**
 * Applies the abstention policy (a pool whose abstained share exceeds judging.max_abstention, or
 * the curriculum parameter `max_abstention`, is skipped), builds the objective's batch and runs one backend update at the scheduled lr. The
 * reference policy `sync every N` re-syncs before the update of phase steps N, 2N, ...
 */
export async function updateStep(parts: RunParts, plan: PhasePlan, prepared: PreparedStep): Promise<UpdateOutcome> {
  const { backend, config } = parts;
  const { index } = prepared;
  const maxAbstention = plan.curriculum.value('max_abstention', index.phase) ?? config.judging.maxAbstention;
  const used = prepared.pools.filter((p) => abstentionRate(p) <= maxAbstention);
  const output = plan.objective.run({ pools: used, documents: prepared.documents, step: index.global });
  const lr = learningRate(plan.lr, index.phase, plan.config.steps);
  const t0 = performance.now();
  const objective = plan.config.objective;
  if (objective.kind === 'online_dpo' && objective.reference.kind === 'sync') {
    const every = Math.max(1, objective.reference.every);
    if (index.phase > 0 && index.phase % every === 0) await backend.syncReference();
  }
  let update: UpdateStats | undefined;
  if (output.batch) {
    const { gradClip, weightDecay, microBatch } = config.train;
    update = await backend.update(output.batch, { lr, step: index.global, gradClip, weightDecay, microBatch });
  }
  return {
    output,
    summary: {
      pools: prepared.pools,
      used,
      picks: output.picks,
      skippedForAbstention: prepared.pools.length - used.length,
      judging: prepared.judging,
      sourceFailures: prepared.sourceFailures,
      update,
      lr,
      objectiveStats: { ...output.stats, 'update/skipped': output.batch ? 0 : 1 },
      generatedTokens: prepared.generatedTokens,
      time: { generation: prepared.time.generation, judging: prepared.time.judging, update: seconds(t0) },
    },
  };
}
