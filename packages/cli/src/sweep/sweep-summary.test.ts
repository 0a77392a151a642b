import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRunResults } from '../aggregate/load-results';
import { formatSweep, summarizeWorld } from './sweep-summary';

const fixtures = fileURLToPath(new URL('../aggregate/__fixtures__/', import.meta.url));
const runs = ['seed1', 'seed2', 'seed3'].map((s) => loadRunResults(s, path.join(fixtures, s)));

describe('summarizeWorld / formatSweep', () => {
  const world = summarizeWorld('w1', runs);

  it('checks every sweep target on the means over seeds, without the absolute 0.863 win rate', () => {
    expect(world.runs).toEqual(['seed1', 'seed2', 'seed3']);
    expect(world.checks.map((c) => c.check)).not.toContain('win rate sip vs ntp (quality) >= 0.863');
    expect(world.checks.map((c) => c.check)).toContain('claim_rate(sip) >= claim_rate(ntp)');
    expect(world.pass).toBe(world.checks.every((c) => c.pass));
    expect(world.sipVsStart?.winRate.n).toBe(3);
  });

  it('prints one row per world and a verdict that names each failed target', () => {
    const failing = { ...world, world: 'w2', pass: false, checks: world.checks.map((c, i) => (i === 0 ? { ...c, pass: false } : c)) };
    const md = formatSweep([world, failing], ['w3-seed1']);
    const rows = md.split('\n').filter((l) => /^\| w\d \| \d \|/.test(l));
    expect(rows[0]).toMatch(/^\| w1 \| 3 \| /);
    expect(rows[1]).toMatch(/^\| w2 \| 3 \| .*\*\*fail\*\*.*\| \*\*not met\*\* \|$/);
    expect(md).toContain(`**Verdict: ${world.pass ? 1 : 0} of 2 world(s) meet every target.**`);
    expect(md).toContain(`w2 (${failing.checks[0].check.replace(/\(sip\)|\(ntp\)/g, '').replace(/ × /g, '×')}`);
    expect(md).toContain('Not evaluated yet (left out): w3-seed1.');
  });
});
