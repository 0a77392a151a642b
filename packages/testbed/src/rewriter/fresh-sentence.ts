import type { Rng } from '@spt/core';
import { personFill } from '../analyze/complete';
import { ATTRIBUTES, renderTemplate, type Attribute, type Template } from '../world/template';
import { CLAIM_TEMPLATES, FILLER_TEMPLATES } from '../world/templates';
import type { Person } from '../world/types';

/**
 * A new well-formed, true sentence about `person` that is not in `avoid`: half the time a claim
 * of an attribute not yet stated (if any is left), else a filler.
 */
export function freshSentence(person: Person, avoid: ReadonlySet<string>, stated: ReadonlySet<Attribute>, rng: Rng): { body: string; attribute?: Attribute } {
  const open = ATTRIBUTES.filter((a) => !stated.has(a));
  const render = (t: Template, useName: boolean) => renderTemplate(t, (slot) => personFill(person, slot, useName)).text;
  for (let tries = 0; tries < 40; tries++) {
    const claim = open.length > 0 && rng.chance(0.5);
    const t = claim ? rng.pick(CLAIM_TEMPLATES[rng.pick(open)]) : rng.pick(FILLER_TEMPLATES);
    const body = render(t, rng.chance(0.15));
    if (!avoid.has(body)) return { body, attribute: t.attribute };
  }
  for (const t of FILLER_TEMPLATES) {
    for (const useName of [false, true]) {
      const body = render(t, useName);
      if (!avoid.has(body)) return { body };
    }
  }
  throw new Error('no fresh sentence left for this person');
}
