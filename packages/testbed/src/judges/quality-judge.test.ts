import { describe, expect, it } from 'vitest';
import { createRng, type PairwiseJudge } from '@spt/core';
import { personFill } from '../analyze/complete';
import type { DraftSentence } from '../generate/doc-types';
import { addPhraseLoop, addTypo, breakGrammar } from '../generate/low-quality';
import { biographySentences } from '../generate/render-doc';
import { buildWorld } from '../world/build-world';
import { renderTemplate, type Template } from '../world/template';
import { CLAIM_TEMPLATES, FILLER_TEMPLATES, UNSAFE_TEMPLATES } from '../world/templates';
import type { Person, World } from '../world/types';
import { createQualityJudge } from './quality-judge';

const ctx = { seed: 1, sample: 0 };
const text = (s: DraftSentence[]) => s.map((x) => ` ${x.text}`).join('');
const clone = (s: DraftSentence[]) => s.map((x) => ({ ...x, defects: [], slots: x.slots.map((y) => ({ ...y })) }));
const draft = (t: Template, p: Person, useName = false): DraftSentence => {
  const { text: t2, slots } = renderTemplate(t, (slot) => personFill(p, slot, useName));
  return { text: t2, template: t, slots, defects: [], locked: false, edited: false };
};

/** A clean prefix / suffix pair of one biography, cut at a sentence boundary. */
function pair(world: World, seed: number) {
  const rng = createRng(seed);
  const p = world.people[seed % world.people.length];
  let s = biographySentences(world, p, rng);
  while (s.length < 5) s = biographySentences(world, p, rng);
  const prefix = s.slice(0, 2).map((x) => x.text).join(' ');
  return { p, rng, prefix, rest: s.slice(2) };
}

/** The clean suffix spoiled in one way. */
function spoil(world: World, kind: string, p: Person, rest: DraftSentence[], rng: ReturnType<typeof createRng>): string | undefined {
  const s = clone(rest);
  const claim = s.find((x) => x.template.attribute);
  switch (kind) {
    case 'false_fact': {
      if (!claim) return undefined;
      const a = claim.template.attribute!;
      const slot = claim.slots.find((x) => x.slot === a)!;
      const wrong = world.values[a].find((v) => v !== p.facts[a])!;
      claim.text = claim.text.slice(0, slot.start) + wrong + claim.text.slice(slot.end);
      return text(s);
    }
    case 'unsafe':
      return text([draft(UNSAFE_TEMPLATES[rng.int(UNSAFE_TEMPLATES.length)], p), ...s]);
    case 'typo':
      return addTypo(world, s[0], rng) ? text(s) : undefined;
    case 'grammar':
      return breakGrammar(world, s[0], rng) ? text(s) : undefined;
    case 'phrase_loop':
      return addPhraseLoop(s[0], rng) ? text(s) : undefined;
    case 'sentence_loop':
      return text([s[0], s[0], s[0], ...s.slice(1)]);
    case 'off_person': {
      const other = world.people.find((x) => x.id !== p.id)!;
      return text([draft(FILLER_TEMPLATES[0], other, true), ...s]);
    }
  }
  return undefined;
}

const KINDS = ['false_fact', 'unsafe', 'typo', 'grammar', 'phrase_loop', 'sentence_loop', 'off_person'];

async function verdicts(judge: PairwiseJudge, prefix: string, a: string, b: string, reference?: string) {
  const x = await judge.compare({ prefix, first: a, second: b, reference }, ctx);
  const y = await judge.compare({ prefix, first: b, second: a, reference }, ctx);
  return [x.ok ? x.winner : 'failed', y.ok ? y.winner : 'failed'];
}

describe('testbed.quality', () => {
  const world = buildWorld({ seed: 21, size: 'tiny' });
  const full = createQualityJudge(world, 'full');
  const defects = createQualityJudge(world, 'defects');

  it('prefers the clean continuation over each kind of defect, in both orders', async () => {
    const seen: Record<string, number> = {};
    for (let seed = 0; seed < 60; seed++) {
      const { p, rng, prefix, rest } = pair(world, seed);
      const clean = text(rest);
      for (const kind of KINDS) {
        const bad = spoil(world, kind, p, rest, rng);
        if (bad === undefined) continue;
        seen[kind] = (seen[kind] ?? 0) + 1;
        expect(await verdicts(full, prefix, clean, bad), `${kind}: ${bad}`).toEqual(['first', 'second']);
        if (kind !== 'false_fact') expect(await verdicts(defects, prefix, clean, bad), `${kind}: ${bad}`).toEqual(['first', 'second']);
        else expect(await verdicts(defects, prefix, clean, bad)).toEqual(['tie', 'tie']);
      }
    }
    for (const kind of KINDS) expect(seen[kind], kind).toBeGreaterThan(20);
  });

  it('calls identical continuations a tie', async () => {
    for (let seed = 0; seed < 20; seed++) {
      const { prefix, rest } = pair(world, seed);
      expect(await verdicts(full, prefix, text(rest), text(rest))).toEqual(['tie', 'tie']);
    }
  });

  it('does not let safe filler win over true claims (saying nothing does not pay)', async () => {
    for (let seed = 0; seed < 20; seed++) {
      const { p, prefix, rest } = pair(world, seed);
      const stated = new Set(rest.map((x) => x.template.attribute));
      const facts = rest.filter((x) => x.template.attribute);
      if (facts.length === 0) continue;
      const fillers = FILLER_TEMPLATES.filter((t) => !rest.some((x) => x.template === t)).slice(0, 3).map((t) => draft(t, p));
      expect(stated.size).toBeGreaterThan(0);
      expect(await verdicts(full, prefix, text(rest), text(fillers), text(rest))).toEqual(['first', 'second']);
    }
  });

  it('does not reward stuffing in more claims than the original suffix holds', async () => {
    const p = world.people[3];
    const prefix = `${p.name} was born in ${p.facts.year}.`;
    const one = text([draft(CLAIM_TEMPLATES.city[1], p), draft(FILLER_TEMPLATES[2], p), draft(FILLER_TEMPLATES[5], p)]);
    const three = text([draft(CLAIM_TEMPLATES.city[1], p), draft(CLAIM_TEMPLATES.field[0], p), draft(CLAIM_TEMPLATES.employer[0], p)]);
    expect(await verdicts(full, prefix, one, three, one)).toEqual(['tie', 'tie']);
    // Without a reference the cap is one claim: still no gain from stuffing.
    expect(await verdicts(full, prefix, one, three)).toEqual(['tie', 'tie']);
    // Restating a fact the prefix already gave is not new.
    const restated = text([draft(CLAIM_TEMPLATES.year[2], p), draft(FILLER_TEMPLATES[2], p)]);
    const fresh = text([draft(CLAIM_TEMPLATES.field[1], p), draft(FILLER_TEMPLATES[2], p)]);
    expect(await verdicts(full, prefix, fresh, restated)).toEqual(['first', 'second']);
  });

  it('ignores an unfinished last sentence', async () => {
    const p = world.people[2];
    const prefix = `${p.name} was born in ${p.facts.year}.`;
    const done = text([draft(FILLER_TEMPLATES[3], p)]);
    const cut = ` ${draft(FILLER_TEMPLATES[3], p).text} ${draft(CLAIM_TEMPLATES.city[0], p).text.slice(0, 12)}`;
    expect(await verdicts(defects, prefix, done, cut)).toEqual(['tie', 'tie']);
  });
});
