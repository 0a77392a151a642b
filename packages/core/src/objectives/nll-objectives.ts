import type { ObjectiveInput } from '../spec/objective';
import type { NllBatch, NtpBatch } from '../spec/policy-backend';
import { deriveSeed } from '../util/rng';
import type { ObjectiveOutput, PoolPick } from './core-objective';
import { poolRewards } from './core-objective';
import { selectBest } from './select-targets';

/** RF-NLL: NLL (weight 1) on each pool's highest-reward candidate; pools without rewards skip. */
export function buildRfNll(input: ObjectiveInput, seed: number): ObjectiveOutput {
  const examples: NllBatch['examples'] = [];
  const picks: PoolPick[] = input.pools.map((pool, i) => {
    const best = selectBest(poolRewards(pool), deriveSeed(seed, 'select', input.step, i));
    if (best === undefined) return { skip: 'insufficient' };
    examples.push({ prompt: pool.window.prefixTokens, target: pool.candidates[best].tokens, weight: 1 });
    return { chosen: best };
  });
  return nllOutput(examples, picks);
}

/** SFT on one source: NLL on that source's (first) candidate in each pool, judged or not. */
export function buildSft(input: ObjectiveInput, source: string): ObjectiveOutput {
  const examples: NllBatch['examples'] = [];
  const picks: PoolPick[] = input.pools.map((pool) => {
    const at = pool.candidates.findIndex((c) => c.source === source);
    if (at < 0) return { skip: 'no-source' };
    examples.push({ prompt: pool.window.prefixTokens, target: pool.candidates[at].tokens, weight: 1 });
    return { chosen: at };
  });
  return nllOutput(examples, picks);
}

function nllOutput(examples: NllBatch['examples'], picks: PoolPick[]): ObjectiveOutput {
  const skipped = picks.filter((p) => p.skip !== undefined).length;
  return {
    batch: examples.length ? { kind: 'nll', examples } : undefined,
    picks,
    stats: { 'objective/examples': examples.length, 'objective/insufficient': skipped },
  };
}

/** NTP: next-token prediction on the step's document token sequences (2+ tokens). */
export function buildNtp(input: ObjectiveInput): ObjectiveOutput {
  const sequences = input.documents.map((d) => d.tokens).filter((t) => t.length >= 2);
  const batch: NtpBatch | undefined = sequences.length ? { kind: 'ntp', sequences } : undefined;
  return { batch, picks: [], stats: { 'objective/sequences': sequences.length } };
}
