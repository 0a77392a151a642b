import type { PoolLogRecord } from '@spt/core';
import { describe, expect, it } from 'vitest';
import { poolExamples } from './pool-examples';

const cand = (source: string, text: string, r: number | null) => ({ id: source, source, text, tokens: 4, scores: { safety: r === null ? null : r / 2 }, reward: r, abstentions: [] });
const pool = (step: number, chosen: number | undefined, rejected?: number): PoolLogRecord => ({
  step,
  phase: 'sip',
  arm: 'sip',
  pool: 0,
  docId: `d${step}`,
  prefix: `${'x'.repeat(300)} the end of prefix ${step}`,
  reference: 'ref',
  candidates: [cand('original', `original ${step}`, 1), cand('rollout', `rollout ${step}\nline two`, 2), cand('rewrite', `rewrite ${step}`, null)],
  verdicts: [],
  ...(chosen === undefined ? { skipped: 'tie' } : { chosen }),
  ...(rejected === undefined ? {} : { rejected }),
});

describe('poolExamples', () => {
  it('groups used pools by the chosen source and shows the last ones of each with both texts', () => {
    const md = poolExamples([pool(1, 1, 0), pool(2, 1, 0), pool(3, 1, 0), pool(4, 0, 1), pool(5, undefined)], 2).join('\n');
    expect(md).toContain('4 of 5 logged pools gave a training pair');
    expect(md).toContain('### Chosen: original (1 of 4 pools)');
    expect(md).toContain('### Chosen: rollout (3 of 4 pools)');
    // The last two rollout pools, not the first.
    expect(md).not.toContain('Step 1,');
    expect(md).toContain('Step 3, arm sip, document `d3`: the rollout (reward 2.00; safety 1.00) over the original (reward 1.00).');
    expect(md).toContain('chosen    rollout 3 ⏎ line two');
    expect(md).toContain('rejected  original 3');
    expect(md).toMatch(/prefix    …x+ the end of prefix 3\n/);
    expect(md.indexOf('### Chosen: original')).toBeLessThan(md.indexOf('### Chosen: rollout'));
  });

  it('is empty when no logged pool gave a training pair', () => {
    expect(poolExamples([pool(1, undefined)])).toEqual([]);
  });
});
