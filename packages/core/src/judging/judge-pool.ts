import type { LimitFunction } from 'p-limit';
import type { Candidate } from '../spec/candidate-source';
import type { AnyJudge, JudgeCallContext, Judgment, PairwiseJudgment } from '../spec/judge';
import type { JudgedCandidate, JudgedPool, PoolVerdict } from '../spec/judged-pool';
import type { JudgmentCache } from '../spec/judgment-cache';
import type { JudgeConfig } from '../spec/run-config';
import type { Window } from '../spec/windower';
import { deriveSeed } from '../util/rng';
import { canonicalSource } from '../pool/curriculum';
import type { CompiledReward } from '../reward/compile-reward';
import { shapeRewards, shapedBounds } from '../reward/shape-pool';
import type { RewardShaper, ShapeContext, ShapedCandidate } from '../spec/reward-shaper';
import { hashText, judgeIdentity, stableStringify } from './cache-key';
import { validPairwise, validPointwise } from './call-judge';
import { askJudge, type JudgeGuard } from './guarded-judge';
import type { PrefixGate } from './prefix-gate';
import { bracketScores } from './bradley-terry';
import { stepCalibration, type RaceCalibration } from './calibration';
import { contendersFromBounds, knockout, pivotOf, raceOf, usesBrackets, type Contenders } from './knockout';
import { planComparisons, winFractions, type Comparison, type ComparisonOutcome, type Pairing } from './tournament';
import { judgePrefix } from './judge-prefix';

/** A configured judge: its recipe entry and the created plugin. */
export interface PoolJudge {
  config: JudgeConfig;
  judge: AnyJudge;
}

export interface JudgeDeps {
  seed: number;
  step: number;
  /** Position of the pool's window in the step (random pair orders derive from it). */
  position: number;
  cache?: JudgmentCache;
  /** Shared concurrency limit of the run's judge calls. */
  limit: LimitFunction;
  /** `judging { warm_prefix }`: each window's first call per judge goes alone. */
  gate?: PrefixGate;
  timeoutMs: number;
  signal?: AbortSignal;
  stats: JudgingStats;
  /**
   * Adaptive pairing: one calibration per pairwise aspect shared by the step's pools (each pool
   * joins once), so the judge's error rate is estimated from the whole step's first rounds. Absent:
   * each pool estimates alone.
   */
  calibrations?: StepCalibrations;
  /** The recipe's `shape` chain, applied after the reward expression (absent: the expression alone). */
  shaping?: { shapers: readonly RewardShaper[]; ctx: ShapeContext };
}

/** Per pairwise aspect, the calibration a step's pools share (see `stepCalibrations`). */
export type StepCalibrations = Readonly<Record<string, { join(): RaceCalibration }>>;

/** One shared calibration per adaptive pairwise judge, for a step of `pools` pools (each joins once). */
export function stepCalibrations(judges: readonly PoolJudge[], pools: number): StepCalibrations {
  const out: Record<string, { join(): RaceCalibration }> = {};
  for (const pj of judges) {
    const race = pj.judge.kind === 'pairwise' ? raceOf(pj.config.pairing) : undefined;
    if (race) out[pj.config.aspect] = stepCalibration(race.confidence, pools);
  }
  return out;
}

/** Counters across a step's judgments. */
export interface JudgingStats {
  asked: number;
  cacheHits: number;
  abstained: number;
  pairwise: number;
  tieVerdicts: number;
  /** Knockout matches whose verdicts were level (ties or abstentions), settled by a seeded coin. */
  undecidedMatches: number;
  /** Adaptive pairing: pools raced, and the sums of their estimated verdict error rates and margins. */
  races: { pools: number; errorRate: number; margin: number };
  byAspect: Record<string, { asked: number; abstained: number }>;
}

export function emptyJudgingStats(): JudgingStats {
  return { asked: 0, cacheHits: 0, abstained: 0, pairwise: 0, tieVerdicts: 0, undecidedMatches: 0, races: { pools: 0, errorRate: 0, margin: 0 }, byAspect: {} };
}

/**
 * Judges one window's pool with every judge and combines the aspects into rewards.
 * Candidates with identical text are judged once (as one "unit") and share their scores.
 * Pointwise: an aspect's score is the mean of its samples that did not abstain. Pairwise: the
 * unit's fraction of wins in the tournament (see planComparisons / winFractions). Undefined
 * where every judgment abstained; the reward is then undefined too (never read as 0).
 */
export async function judgePool(
  window: Window,
  candidates: readonly Candidate[],
  judges: readonly PoolJudge[],
  reward: CompiledReward,
  deps: JudgeDeps,
): Promise<JudgedPool> {
  const units: string[] = [];
  const unitIndex = new Map<string, number>();
  const unitOf = candidates.map((c) => {
    let u = unitIndex.get(c.text);
    if (u === undefined) unitIndex.set(c.text, (u = units.push(c.text) - 1));
    return u;
  });
  const unitScores: Record<string, Array<number | undefined>> = {};
  const unitAbstentions: string[][] = units.map(() => []);
  const counts = { asked: 0, abstained: 0 };
  const verdicts: PoolVerdict[] = [];
  /** Records a judgment for the pool log: units shown as their first candidate. */
  const note = (aspect: string, shown: readonly number[], sample: number, r: Judgment | PairwiseJudgment | { ok: false; reason: string; raw?: string }) => {
    const raw = 'raw' in r && r.raw !== undefined ? { raw: r.raw } : {};
    const verdict = r.ok ? { verdict: 'score' in r ? r.score : r.winner } : { abstained: r.reason };
    verdicts.push({ aspect, candidates: shown.map((u) => unitOf.indexOf(u)), sample, ...verdict, ...raw });
  };

  const unitHash = units.map(hashText);
  /** The source of a unit's first candidate (cost attribution). */
  const unitSource = units.map((_, u) => candidates[unitOf.indexOf(u)].source);
  // Every call goes through askJudge (cache, limit, timeout, counters in deps.stats), as evaluation's do.
  const guard: JudgeGuard = { ...deps, counts: deps.stats };
  const ask = async <T extends Judgment | PairwiseJudgment>(
    pj: PoolJudge,
    context: string,
    shown: readonly number[],
    sample: number,
    call: (ctx: JudgeCallContext) => Promise<T>,
    validate: (r: T) => string | undefined,
  ): Promise<T | { ok: false; reason: string }> => {
    const who = { identity: identityOf(pj), aspect: pj.config.aspect, mode: pj.config.mode, sources: shown.map((u) => unitSource[u]) };
    counts.asked++;
    const result = await askJudge(guard, who, context, shown.map((u) => unitHash[u]), sample, call, validate);
    if (!result.ok) counts.abstained++;
    return result;
  };

  const judgeOne = async (pj: PoolJudge): Promise<void> => {
    const reference = pj.config.reference ? window.suffix : undefined;
    const base = { prefix: judgePrefix(window.prefix, window.meta), reference, meta: window.meta };
    const context = hashText(stableStringify(base));
    const samples = Math.max(1, pj.config.samples);
    if (pj.judge.kind === 'pointwise') {
      const judge = pj.judge;
      unitScores[pj.config.aspect] = await Promise.all(
        units.map(async (text, u) => {
          const input = { ...base, candidate: text };
          const results = await Promise.all(
            Array.from({ length: samples }, async (_, sample) => {
              const r = await ask(pj, context, [u], sample, (ctx) => judge.judge(input, ctx), validPointwise);
              note(pj.config.aspect, [u], sample, r);
              return r;
            }),
          );
          const ok = results.flatMap((r) => (r.ok ? [r.score] : []));
          for (const r of results) if (!r.ok) unitAbstentions[u].push(`${pj.config.aspect}: ${r.reason}`);
          return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : undefined;
        }),
      );
      return;
    }
    const judge = pj.judge;
    const compare = async (c: Comparison): Promise<ComparisonOutcome> => {
      const second = c.first === c.a ? c.b : c.a;
      const input = { ...base, first: units[c.first], second: units[second] };
      const r = await ask(pj, context, [c.first, second], c.sample, (ctx) => judge.compare(input, ctx), validPairwise);
      note(pj.config.aspect, [c.first, second], c.sample, r);
      if (!r.ok) {
        const why = `${pj.config.aspect}: ${r.reason}`;
        unitAbstentions[c.a].push(why);
        unitAbstentions[c.b].push(why);
        return 'abstain';
      }
      deps.stats.pairwise++;
      if (r.winner === 'tie') deps.stats.tieVerdicts++;
      return r.winner;
    };
    const pairSeed = (a: number, b: number) => deriveSeed(deps.seed, 'order', pj.config.aspect, deps.step, deps.position, a, b);
    const pairingOf = pj.config.pairing;
    if (usesBrackets(pairingOf)) {
      const seed = deriveSeed(deps.seed, 'bracket', pj.config.aspect, deps.step, deps.position);
      const race = raceOf(pairingOf);
      const calibration = race && deps.calibrations?.[pj.config.aspect]?.join();
      const options = { order: pj.config.order, samples, seed, pairSeed, ...(race ? { race: { ...race, ...(calibration ? { calibration } : {}) } } : {}) };
      const played = await knockout(units.length, compare, options, knockoutContenders());
      deps.stats.undecidedMatches += played.undecided;
      if (played.race) {
        deps.stats.races.pools++;
        deps.stats.races.errorRate += played.race.errorRate;
        deps.stats.races.margin += played.race.margin;
      }
      // A match already weighs its verdicts; a unit's score is its expected share of wins (Bradley-Terry).
      unitScores[pj.config.aspect] = bracketScores(units.length, played.matches);
      return;
    }
    const pivot = pivotOf(pairingOf);
    const pairing: Pairing = pivot === undefined ? { kind: 'all' } : { kind: 'pivot', pivots: pivotUnits(candidates, unitOf, pivot) };
    const comparisons = planComparisons(units.length, pairing, pj.config.order, samples, pairSeed);
    const outcomes = await Promise.all(comparisons.map(compare));
    unitScores[pj.config.aspect] = winFractions(units.length, comparisons, outcomes);
  };

  /**
   * Knockout's pruning: with the pointwise scores known, only units whose reward can still be the
   * best or the worst (every pairwise aspect in [0, 1]) play; when that would not save matches over
   * the full knockout (about 3n/2), everyone plays.
   */
  const knockoutContenders = (): Contenders | undefined => {
    const pairAspects = judges.filter((j) => j.judge.kind === 'pairwise').map((j) => j.config.aspect);
    const virtualPool = (q: number): ShapedCandidate[] =>
      candidates.map((c, i) => {
        const scores: Record<string, number | undefined> = {};
        for (const j of judges) if (j.judge.kind === 'pointwise') scores[j.config.aspect] = unitScores[j.config.aspect]?.[unitOf[i]];
        for (const a of pairAspects) scores[a] = q;
        return shapedCandidate(c, scores, reward(scores));
      });
    const shapers = deps.shaping?.shapers ?? [];
    const ctx = deps.shaping?.ctx ?? { step: deps.step, globalStep: deps.step, phase: '' };
    const perCandidate = shapedBounds(virtualPool(0), virtualPool(1), shapers, ctx);
    if (!perCandidate) return undefined;
    // A unit's bounds span those of every candidate holding its text (sources may shape differently).
    const bounds = units.map((_, u) => {
      const mine = perCandidate.filter((_, i) => unitOf[i] === u);
      if (mine.some((b) => b === undefined)) return undefined;
      const known = mine as Array<{ lo: number; hi: number }>;
      return { lo: Math.min(...known.map((b) => b.lo)), hi: Math.max(...known.map((b) => b.hi)) };
    });
    const c = contendersFromBounds(bounds);
    return c.top.length + c.bottom.length < (3 * units.length) / 2 ? c : undefined;
  };

  // Knockout prunes with the pointwise scores, so they come first; otherwise every judge runs at once.
  if (judges.some((j) => usesBrackets(j.config.pairing))) {
    await Promise.all(judges.filter((j) => j.judge.kind === 'pointwise').map(judgeOne));
    await Promise.all(judges.filter((j) => j.judge.kind !== 'pointwise').map(judgeOne));
  } else await Promise.all(judges.map(judgeOne));

  const judged: JudgedCandidate[] = candidates.map((c, i) => {
    const u = unitOf[i];
    const scores: Record<string, number | undefined> = {};
    for (const pj of judges) scores[pj.config.aspect] = unitScores[pj.config.aspect]?.[u];
    return { ...c, scores, reward: judges.length ? reward(scores) : undefined, abstentions: [...unitAbstentions[u]] };
  });
  if (deps.shaping?.shapers.length && judges.length) {
    const shaped = shapeRewards(judged.map((c) => shapedCandidate(c, c.scores, c.reward)), deps.shaping.shapers, deps.shaping.ctx);
    judged.forEach((c, i) => (c.reward = shaped[i]));
  }
  // Judgments finish in any order: sort them so a pool log is the same on every run.
  const order = new Map(judges.map((pj, i) => [pj.config.aspect, i]));
  const key = (v: PoolVerdict) => [order.get(v.aspect) ?? 0, ...v.candidates, v.sample];
  verdicts.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) if ((ka[i] ?? -1) !== (kb[i] ?? -1)) return (ka[i] ?? -1) - (kb[i] ?? -1);
    return 0;
  });
  return { window, candidates: judged, judgments: counts, verdicts };
}

function shapedCandidate(c: Candidate, scores: Record<string, number | undefined>, reward: number | undefined): ShapedCandidate {
  return { id: c.id, source: c.source, text: c.text, tokens: c.tokens.length, scores, reward, ...(c.logprobs ? { logprobs: c.logprobs } : {}) };
}

const identities = new WeakMap<PoolJudge, string>();
function identityOf(pj: PoolJudge): string {
  let id = identities.get(pj);
  if (id === undefined) identities.set(pj, (id = judgeIdentity(pj.config.judge.plugin, pj.judge.version, pj.config.judge.options)));
  return id;
}

/** Units holding a candidate of the pivot source. */
function pivotUnits(candidates: readonly Candidate[], unitOf: number[], pivot: string): number[] {
  const name = canonicalSource(pivot);
  return [...new Set(candidates.flatMap((c, i) => (c.source === name ? [unitOf[i]] : [])))];
}

/** Abstained share of a pool's judgments (0 when none was asked). */
export function abstentionRate(pool: JudgedPool): number {
  return pool.judgments.asked === 0 ? 0 : pool.judgments.abstained / pool.judgments.asked;
}
