import { renderTemplate, type SlotKind, type Template } from '../world/template';
import { BIOGRAPHY_TEMPLATES, PRONOUNS } from '../world/templates';
import type { Person, World } from '../world/types';
import { bioMatch } from './bio-match';

/** The slot fills of a person: pronoun forms, name, true values. */
export function personFill(person: Person, slot: SlotKind, useName: boolean): string {
  const forms = PRONOUNS[person.pronoun];
  switch (slot) {
    case 'S':
      return useName ? person.name : forms.S;
    case 's':
      return useName ? person.name : forms.s;
    case 'O':
    case 'P':
    case 'Pc':
      return forms[slot];
    case 'N':
      return person.name;
    default:
      return person.facts[slot];
  }
}

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);
}

/**
 * Finished biography sentences that start with `body` (a sentence cut by the window), stating
 * only the truth about its subject where the visible text still allows it. The subject is the
 * person named in `body`, else `person`. A value `body` already got wrong is completed as
 * written (the continuation cannot undo it). Small: a few per matching template.
 */
export function completions(world: World, person: Person, body: string, templates: readonly Template[] = BIOGRAPHY_TEMPLATES): string[] {
  const out = new Set<string>();
  for (const t of templates) {
    const m = bioMatch(world, body, true, [t]);
    if (!m) continue;
    const named = m.slots.find((s) => (s.slot === 'S' || s.slot === 's' || s.slot === 'N') && !s.cut && world.byName.has(s.value));
    const subject = named ? world.people[world.byName.get(named.value)!] : person;
    const choices: string[][] = [];
    for (const part of t.parts) {
      if (!('slot' in part)) continue;
      const slot = part.slot;
      const seen = m.slots.find((s) => s.slot === slot);
      let options: string[];
      if (slot === 'S' || slot === 's') options = [personFill(subject, slot, false), personFill(subject, slot, true)];
      else if (slot === 'O' || slot === 'P' || slot === 'Pc' || slot === 'N') options = [personFill(subject, slot, false)];
      else {
        const truth = subject.facts[slot];
        options = !seen || truth.startsWith(seen.value) ? [truth] : world.values[slot].filter((v) => v.startsWith(seen.value));
      }
      choices.push(options);
    }
    for (const fill of product(choices)) {
      let i = 0;
      const { text } = renderTemplate(t, () => fill[i++]);
      if (text.startsWith(body)) out.add(text);
    }
  }
  return [...out];
}
