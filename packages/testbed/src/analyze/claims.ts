import type { Attribute } from '../world/template';
import type { Person, World } from '../world/types';

/**
 * What a claim is worth. `incomplete`: the window cut the value and what is visible agrees with
 * the truth; `excused`: the value began in the prefix already disagreeing with the truth, so the
 * continuation could not make it right.
 */
export type ClaimStatus = 'true' | 'false' | 'garbled' | 'unverifiable' | 'incomplete' | 'excused';

/** A claim a continuation makes; offsets are in the continuation's own coordinates. */
export interface Claim {
  attribute: Attribute;
  value: string;
  status: ClaimStatus;
  /** The person the claim is about, when known. */
  person?: number;
  /** A false claim that states the person's myth. */
  myth: boolean;
  start: number;
  end: number;
}

/**
 * Judges one stated value against the knowledge base. `cut`: the text ends inside the value;
 * `fromPrefix`: the part of the value that was already in the prefix (undefined if none).
 */
export function valueStatus(world: World, attribute: Attribute, person: Person | undefined, value: string, cut: boolean, fromPrefix?: string): ClaimStatus {
  if (!person) return 'unverifiable';
  const truth = person.facts[attribute];
  if (fromPrefix !== undefined && fromPrefix.length > 0 && !truth.startsWith(fromPrefix)) return 'excused';
  if (cut) {
    if (truth.startsWith(value)) return 'incomplete';
    return world.valuePrefixes[attribute].has(value) ? 'false' : 'garbled';
  }
  if (value === truth) return 'true';
  return world.valueSets[attribute].has(value) ? 'false' : 'garbled';
}

/** True if a false value is (the visible part of) the person's myth. */
export function isMythValue(person: Person | undefined, attribute: Attribute, value: string, cut: boolean): boolean {
  const myth = person?.myth;
  if (!myth || myth.attribute !== attribute) return false;
  return cut ? myth.value.startsWith(value) : myth.value === value;
}

/** Factuality from claims: any false = 0, else any garbled or unverifiable = 0.5, else 1. */
export function factualityOf(claims: readonly Claim[]): 0 | 0.5 | 1 {
  if (claims.some((c) => c.status === 'false')) return 0;
  if (claims.some((c) => c.status === 'garbled' || c.status === 'unverifiable')) return 0.5;
  return 1;
}
