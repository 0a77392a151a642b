import { describe, expect, it } from 'vitest';
import { mockRunConfig } from '../testing/plugins';
import { changedSettings, configFingerprint } from './config-fingerprint';

describe('configFingerprint', () => {
  const base = mockRunConfig();

  it('ignores the settings that do not shape training', () => {
    const other = { ...base, source: { file: 'elsewhere.spt' }, eval: { every: 5, prefixes: 3, against: 'start', seeds: 2 }, checkpoint: { every: 1, keep: 9 }, metrics: [{ plugin: 'x', options: {} }] };
    const [a, b] = [configFingerprint(other), configFingerprint(base)];
    expect([a.hash, a.parts]).toEqual([b.hash, b.parts]);
    // What the evaluation measures has a hash of its own (a resume warns when it changes), its cadence not.
    expect(a.evalHash).not.toBe(b.evalHash);
    const cadence = { ...other, eval: { ...other.eval, every: 50 } };
    expect(configFingerprint(cadence).evalHash).toBe(a.evalHash);
  });

  it('changes with a training setting and names it', () => {
    const a = configFingerprint(base);
    const b = configFingerprint(mockRunConfig({ train: { batch: base.train.batch + 1 } }));
    expect(b.hash).not.toBe(a.hash);
    expect(changedSettings(b.parts, a.parts)).toEqual(['train']);
    expect(changedSettings(a.parts, a.parts)).toEqual([]);
    expect(changedSettings({ ...a.parts, init: 'x' }, a.parts)).toEqual(['init']);
  });
});
