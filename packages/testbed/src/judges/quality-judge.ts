import type { PairwiseJudge, PairwiseJudgment } from '@spt/core';
import { analyze, type Analysis } from '../analyze/analyze';
import type { World } from '../world/types';
import { guarded, personHint, TESTBED_RULES_VERSION } from './judge-util';
import { claimCap, compareProfiles, qualityProfile } from './quality-order';

/**
 * Exact pairwise quality judge over two continuations of one prefix. `full`: coherence first,
 * then factual content with the claim cap (the reference's claim count); `defects`: coherence
 * only (the evaluation variant that ignores claims). Equal quality is a tie.
 */
export function createQualityJudge(world: World, mode: 'full' | 'defects', name = mode === 'full' ? 'testbed.quality' : 'testbed.quality_defects'): PairwiseJudge {
  // A pool of n candidates is compared in n(n-1) ordered pairs: read each candidate once.
  const memo = new Map<string, Analysis>();
  const read = (prefix: string, candidate: string, person: number | undefined): Analysis => {
    const key = `${person ?? ''}\u0000${prefix}\u0000${candidate}`;
    let a = memo.get(key);
    if (!a) {
      if (memo.size >= 4096) memo.clear();
      memo.set(key, (a = analyze(world, { prefix, candidate, person })));
    }
    return a;
  };
  return {
    kind: 'pairwise',
    name,
    version: `${TESTBED_RULES_VERSION}-${mode}`,
    compare: (input) =>
      guarded<PairwiseJudgment>(() => {
        if (typeof input?.prefix !== 'string' || typeof input?.first !== 'string' || typeof input?.second !== 'string') {
          return { ok: false, reason: 'prefix, first and second must be strings' };
        }
        const person = personHint(input.meta);
        const a = read(input.prefix, input.first, person);
        const b = read(input.prefix, input.second, person);
        const ref = typeof input.reference === 'string' ? read(input.prefix, input.reference, person) : undefined;
        const cap = claimCap(ref);
        const [pa, pb] = [qualityProfile(a, cap), qualityProfile(b, cap)];
        const winner = compareProfiles(pa, pb, mode);
        const raw = `first ${JSON.stringify(pa)} second ${JSON.stringify(pb)} Conclusion: ${winner === 'tie' ? 'Tie' : winner === 'first' ? 'Option 1' : 'Option 2'}`;
        return { ok: true, winner, raw };
      }, (reason) => ({ ok: false, reason })),
  };
}
