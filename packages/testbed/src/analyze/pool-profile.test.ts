import { describe, expect, it } from 'vitest';
import type { PoolLogRecord } from '@spt/core';
import { corpusDocument } from '../generate/testbed-source';
import { buildWorld } from '../world/build-world';
import { personOfDocId, poolProfile } from './pool-profile';

const world = buildWorld({ size: 'tiny', seed: 1 });

describe('poolProfile', () => {
  it('reads the person from a testbed document id', () => {
    const doc = corpusDocument(world, 60);
    expect(personOfDocId(doc.id)).toBe((doc.meta as { person: number }).person);
    expect(personOfDocId('mock:3')).toBeUndefined();
  });

  it("counts what the chosen, the rejected and every candidate say, per source", () => {
    const doc = corpusDocument(world, 60);
    const cut = doc.text.indexOf('. ') + 2;
    const [prefix, suffix] = [doc.text.slice(0, cut), doc.text.slice(cut)];
    const record: PoolLogRecord = {
      step: 1, phase: 'sip', pool: 0, docId: doc.id, prefix, reference: suffix, verdicts: [], chosen: 1, rejected: 0,
      candidates: [
        { id: 'original:0', source: 'original', text: suffix, tokens: 10, scores: {}, reward: 1, abstentions: [] },
        { id: 'rollout:0', source: 'rollout', text: 'She liked long walks.', tokens: 5, scores: {}, reward: 2, abstentions: [] },
      ],
    };
    const rows = poolProfile(world, [record]);
    expect(rows.map((r) => r.group)).toEqual(['chosen', 'chosen rollout', 'rejected', 'rejected original', 'all', 'all original', 'all rollout']);
    const get = (g: string) => rows.find((r) => r.group === g);
    expect(get('chosen')).toMatchObject({ candidates: 1, claimFree: 1, newTrueClaims: 0, falseClaims: 0, tokens: 5, reward: 2 });
    expect(get('all')).toMatchObject({ candidates: 2, reward: 1.5, tokens: 7.5 });
    // The document's own suffix states claims about its person (the corpus writes 2-5 per document).
    expect(get('rejected')?.claimFree).toBe(0);
  });
});
