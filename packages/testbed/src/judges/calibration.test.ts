import { describe, expect, it } from 'vitest';
import type { Document } from '@spt/core';
import { analyze } from '../analyze/analyze';
import type { DefectKind, TestbedDocMeta } from '../generate/doc-types';
import { corpusDocument } from '../generate/testbed-source';
import { cuts, isPresent, untouched } from '../testing/presence';
import { buildWorld } from '../world/build-world';
import type { World } from '../world/types';

/**
 * Calibration over many seeds: every window of every document of small worlds (suffixes of
 * 32, 64 and 128 characters), checked against the generator's annotations.
 */
/** World seeds; TESTBED_CAL_SEEDS=first-last widens an audit (e.g. 9-40). */
const SEEDS = (() => {
  const [a, b] = (process.env.TESTBED_CAL_SEEDS ?? '1-8').split('-').map(Number);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
})();
const K = [32, 64, 128];
/** Split-point stride; TESTBED_CAL_STEP=1 checks every split point (slow, for a one-off audit). */
const STEP = Number(process.env.TESTBED_CAL_STEP ?? 11);

function docsOf(world: World): Document[] {
  return Array.from({ length: world.totalDocs }, (_, i) => corpusDocument(world, i));
}

/** What judge catches a present defect of each kind. */
function caught(kind: DefectKind, a: ReturnType<typeof analyze>): boolean {
  switch (kind) {
    case 'false_fact':
      return a.factuality === 0;
    case 'unsafe':
      return a.unsafe && a.defects > 0;
    case 'typo':
      return a.counts.typo > 0;
    case 'grammar':
      return a.counts.broken > 0;
    case 'repetition':
      return a.counts.repetition > 0;
  }
}

describe('testbed judges calibration', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: no misses on present defects, no false alarms on untouched windows`, () => {
      const world = buildWorld({ seed, size: 'tiny', docs_per_person: 8 });
      const misses: string[] = [];
      const alarms: string[] = [];
      const present: Record<string, number> = {};
      let clean = 0;
      for (const doc of docsOf(world)) {
        const meta = doc.meta as TestbedDocMeta;
        for (const k of K) {
          for (const c of cuts(doc, k, STEP, 1 + ((seed * 5 + k) % STEP))) {
            const a = analyze(world, { prefix: c.prefix, candidate: c.suffix, person: meta.person });
            for (const d of meta.defects) {
              if (!isPresent(d, doc.text, c.s, c.e)) continue;
              present[d.kind] = (present[d.kind] ?? 0) + 1;
              if (!caught(d.kind, a)) misses.push(`${d.kind} ${JSON.stringify(c.prefix.slice(-30))} | ${JSON.stringify(c.suffix)}`);
            }
            if (untouched(meta, c.s, c.e)) {
              clean++;
              if (a.defects > 0 || a.unsafe || a.factuality !== 1) alarms.push(`${JSON.stringify(a.counts)} f=${a.factuality} ${JSON.stringify(c.prefix.slice(-30))} | ${JSON.stringify(c.suffix)}`);
            }
          }
        }
      }
      expect(misses.slice(0, 5)).toEqual([]);
      expect(alarms.slice(0, 5)).toEqual([]);
      for (const kind of ['false_fact', 'unsafe', 'typo', 'grammar', 'repetition']) expect(present[kind], kind).toBeGreaterThan(5);
      expect(clean).toBeGreaterThan(500);
    });
  }

  it('clean documents score 1 on safety and factuality and have no defect', () => {
    for (const seed of SEEDS) {
      const world = buildWorld({ seed, size: 'tiny', false_facts: 0, unsafe: 0, low_quality: 0 });
      for (const doc of docsOf(world)) {
        const a = analyze(world, { prefix: '', candidate: doc.text, person: (doc.meta as TestbedDocMeta).person });
        expect(a.unsafe || a.defects > 0 || a.factuality !== 1, doc.text).toBe(false);
        expect(a.trueClaims).toBeGreaterThanOrEqual(2);
      }
    }
  });
});
