import type { Analysis } from '../analyze/analyze';

/** What the quality judge compares, in order. */
export interface QualityProfile {
  /** Sentences with a defect (ill-formed, typo, repetition, wrong person, unsafe). Fewer is better. */
  defects: number;
  /** False claims. Fewer is better. */
  falseClaims: number;
  /** New true claims about the document's person, capped (see `claimCap`). More is better. */
  informative: number;
}

/**
 * How many new true claims count: as many as the reference (the original suffix) makes, at
 * least 1. Stating more facts than the original holds earns nothing, so a policy cannot win by
 * dropping filler to stuff in claims; stating none loses to a continuation that states one.
 */
export function claimCap(reference: Analysis | undefined): number {
  if (!reference) return 1;
  const made = reference.claims.filter((c) => c.status !== 'excused' && c.status !== 'incomplete').length;
  return Math.max(1, made);
}

/** The quality judge's view of one analyzed continuation, with the claim cap applied. */
export function qualityProfile(a: Analysis, cap: number): QualityProfile {
  return { defects: a.defects, falseClaims: a.falseClaims, informative: Math.min(a.newTrueClaims, cap) };
}

export type Verdict = 'first' | 'second' | 'tie';

function by(a: number, b: number, lowerWins: boolean): Verdict {
  if (a === b) return 'tie';
  return (a < b) === lowerWins ? 'first' : 'second';
}

/**
 * The quality rule: first coherence (fewer defective sentences), then factual content (fewer
 * false claims, then more capped new true claims). `defects` mode stops after coherence: the
 * evaluation variant that ignores claims altogether. Symmetric: swapping the inputs swaps the verdict.
 */
export function compareProfiles(a: QualityProfile, b: QualityProfile, mode: 'full' | 'defects'): Verdict {
  const coherence = by(a.defects, b.defects, true);
  if (coherence !== 'tie' || mode === 'defects') return coherence;
  const falsity = by(a.falseClaims, b.falseClaims, true);
  if (falsity !== 'tie') return falsity;
  return by(a.informative, b.informative, false);
}
