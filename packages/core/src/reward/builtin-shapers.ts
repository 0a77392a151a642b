import { z } from 'zod';
import { SptError } from '../errors';
import { definePlugin } from '../spec/plugin';
import type { RewardShaper, Scheduled, ShapedCandidate } from '../spec/reward-shaper';
import type { ScheduleSpec } from '../spec/run-config';
import { scheduleValue } from '../schedule/schedule';
import { canonicalSource } from '../pool/curriculum';

const finite = z.number().finite();
/** A number, or a schedule of the phase step as the recipe writes it (`linear(0.5 -> 0, steps 0..100)`). */
export const scheduledOption = z.union([
  finite,
  z.strictObject({ kind: z.literal('constant'), value: finite }),
  z.strictObject({ kind: z.enum(['linear', 'cosine']), from: finite, to: finite, start: finite, end: finite }),
  z.strictObject({ kind: z.literal('step'), values: z.array(finite).min(1), boundaries: z.array(finite) }),
]);

/** A scheduled option's value at a phase step. */
export function valueAt(option: Scheduled, step: number): number {
  return typeof option === 'number' ? option : scheduleValue(option as ScheduleSpec, step);
}

const keep = (pool: readonly ShapedCandidate[], f: (c: ShapedCandidate, r: number) => number) =>
  pool.map((c) => (c.reward === undefined ? undefined : f(c, c.reward)));

/**
 * `length_penalty { per_token, target, side }`: subtracts `per_token` for every token the candidate
 * is short of `target` (side `short`), beyond it (`long`), or either way (`both`, the default).
 * Without a target it charges every token (a plain length cost). Against a pool that turns terse
 * (SIP choosing the continuation that says least), `side: short` charges candidates cut short.
 */
export const lengthPenaltyShaper = definePlugin<RewardShaper, { per_token: Scheduled; target: number; side: 'short' | 'long' | 'both' }>({
  manifest: {
    name: 'length_penalty',
    kind: 'reward',
    version: '0.1.0',
    description: 'subtracts per_token (a number or schedule) for each token short of / beyond target',
    options: z.strictObject({ per_token: scheduledOption, target: z.number().int().min(0).default(0), side: z.enum(['short', 'long', 'both']).default('both') }),
  },
  create: (o) => ({
    name: 'length_penalty',
    scope: 'candidate',
    shape: (pool, ctx) => {
      const rate = valueAt(o.per_token, ctx.step);
      return keep(pool, (c, r) => {
        const short = Math.max(0, o.target - c.tokens);
        const long = Math.max(0, c.tokens - o.target);
        return r - rate * (o.side === 'short' ? short : o.side === 'long' ? long : short + long);
      });
    },
  }),
});

/**
 * `gate { aspect, below, reward }`: a candidate whose `aspect` score is under `below` gets `reward`
 * (e.g. -1 for anything the safety judge fails), whatever the expression gave it, even when its
 * other aspects abstained. A candidate whose gate aspect abstained keeps its reward.
 */
export const gateShaper = definePlugin<RewardShaper, { aspect: string; below: number; reward: number }>({
  manifest: {
    name: 'gate',
    kind: 'reward',
    version: '0.1.0',
    description: 'sets the reward of candidates whose aspect scores under `below` to `reward`',
    options: z.strictObject({ aspect: z.string().min(1), below: finite, reward: finite }),
  },
  create: (o) => ({
    name: 'gate',
    scope: 'candidate',
    aspects: [o.aspect],
    shape: (pool) =>
      pool.map((c) => {
        const s = c.scores[o.aspect];
        return s !== undefined && s < o.below ? o.reward : c.reward;
      }),
  }),
});

/**
 * `source_bonus { rewrite: 0.3, rollouts: linear(0 -> 0.2, steps 0..200) }`: adds a bonus (a
 * number or a schedule of the phase step) to candidates by source; sources not named get 0.
 */
export const sourceBonusShaper = definePlugin<RewardShaper, Record<string, Scheduled>>({
  manifest: {
    name: 'source_bonus',
    kind: 'reward',
    version: '0.1.0',
    description: 'adds a bonus (number or schedule) per candidate source, e.g. { rewrite: 0.2 }',
    options: z.record(z.string().min(1), scheduledOption),
  },
  create: (o) => {
    const bonus = new Map(Object.entries(o).map(([source, v]) => [canonicalSource(source), v]));
    return {
      name: 'source_bonus',
      scope: 'candidate',
      shape: (pool, ctx) =>
        keep(pool, (c, r) => {
          const b = bonus.get(c.source);
          return b === undefined ? r : r + valueAt(b, ctx.step);
        }),
    };
  },
});

/**
 * `normalize { method }` within each pool, over the candidates that have a reward:
 * `rank` maps them to [0, 1] by rank (ties share their mean rank; a pool of one gets 0.5);
 * `zscore` subtracts the pool mean and divides by the standard deviation (all 0 when they are equal).
 * Order is kept, so chosen and rejected do not change; the scale of GRPO advantages and of the
 * logged rewards does.
 */
export const normalizeShaper = definePlugin<RewardShaper, { method: 'rank' | 'zscore' }>({
  manifest: {
    name: 'normalize',
    kind: 'reward',
    version: '0.1.0',
    description: 'rank (to [0, 1]) or z-score the rewards within each pool; keeps their order',
    options: z.strictObject({ method: z.enum(['rank', 'zscore']) }),
  },
  create: (o) => ({
    name: 'normalize',
    scope: 'pool',
    preservesOrder: true,
    shape: (pool) => (o.method === 'rank' ? rankNormalize : zscore)(pool.map((c) => c.reward)),
  }),
});

/** Ranks in [0, 1] (ties share their mean rank), undefined kept. Pure. */
export function rankNormalize(rewards: ReadonlyArray<number | undefined>): Array<number | undefined> {
  const known = rewards.flatMap((r, i) => (r === undefined ? [] : [{ r, i }])).sort((a, b) => a.r - b.r);
  const out: Array<number | undefined> = rewards.map(() => undefined);
  if (known.length === 1) out[known[0].i] = 0.5;
  for (let s = 0; s < known.length && known.length > 1; ) {
    let e = s;
    while (e + 1 < known.length && known[e + 1].r === known[s].r) e++;
    const rank = (s + e) / 2 / (known.length - 1);
    for (let j = s; j <= e; j++) out[known[j].i] = rank;
    s = e + 1;
  }
  return out;
}

/** Z-scores over the defined rewards (population standard deviation), undefined kept. Pure. */
export function zscore(rewards: ReadonlyArray<number | undefined>): Array<number | undefined> {
  const known = rewards.filter((r): r is number => r !== undefined);
  const mean = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
  const sd = Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, known.length));
  return rewards.map((r) => (r === undefined ? undefined : sd > 1e-12 ? (r - mean) / sd : 0));
}

/**
 * `kl_penalty { beta }`: subtracts beta x (log pi(y|x) - log pi_ref(y|x)), the continuation's
 * summed log-ratio between the policy that sampled the step and the DPO reference (the one-sample
 * estimate of KL(policy || reference) that RLHF reward shaping uses). It keeps candidates the policy
 * has drifted towards from winning on judged reward alone; text the reference finds likelier than
 * the policy (e.g. the original suffix after the policy moved away) gains. `beta` may follow a schedule.
 */
export const klPenaltyShaper = definePlugin<RewardShaper, { beta: Scheduled }>({
  manifest: {
    name: 'kl_penalty',
    kind: 'reward',
    version: '0.1.0',
    description: 'subtracts beta x (policy - reference) summed log-probs of each candidate (a KL-style penalty; beta a number or schedule)',
    options: z.strictObject({ beta: scheduledOption }),
  },
  create: (o) => ({
    name: 'kl_penalty',
    scope: 'candidate',
    needs: ['logprobs'],
    shape: (pool, ctx) => {
      const beta = valueAt(o.beta, ctx.step);
      return keep(pool, (c, r) => {
        if (!c.logprobs) {
          throw new SptError({
            code: 'reward.shaper',
            what: `reward shaper "kl_penalty" got candidate ${c.id} without log-probs`,
            expected: "the continuation's policy and reference log-probs, which the core computes during training for shapers that declare needs: ['logprobs']",
            got: 'none',
            fix: 'use kl_penalty in a training recipe (shape kl_penalty { beta: 0.05 }); code that calls judgePool itself must set Candidate.logprobs',
          });
        }
        return r - beta * (c.logprobs.policy - c.logprobs.reference);
      });
    },
  }),
});

export const builtinShapers = [lengthPenaltyShaper, gateShaper, sourceBonusShaper, normalizeShaper, klPenaltyShaper];
