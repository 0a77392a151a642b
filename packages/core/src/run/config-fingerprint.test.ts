import { describe, expect, it } from 'vitest';
import { mockRunConfig } from '../testing/plugins';
import { changedSettings, configFingerprint, legacyConfigHash } from './config-fingerprint';

describe('configFingerprint', () => {
  const base = mockRunConfig();

  it('ignores the settings that do not shape training', () => {
    const other = { ...base, source: { file: 'elsewhere.spt' }, eval: { every: 5, prefixes: 3, against: 'start', seeds: 2 }, checkpoint: { every: 1, keep: 9 }, metrics: [{ plugin: 'x', options: {} }] };
    expect(configFingerprint(other)).toEqual(configFingerprint(base));
  });

  it('changes with a training setting and names it', () => {
    const a = configFingerprint(base);
    const b = configFingerprint(mockRunConfig({ train: { batch: base.train.batch + 1 } }));
    expect(b.hash).not.toBe(a.hash);
    expect(changedSettings(b.parts, a.parts)).toEqual(['train']);
    expect(changedSettings(a.parts, a.parts)).toEqual([]);
    expect(changedSettings({ ...a.parts, init: 'x' }, a.parts)).toEqual(['init']);
  });

  it('keeps the old whole-config hash for checkpoints written before it', () => {
    expect(legacyConfigHash(base)).toBe(legacyConfigHash({ ...base, source: { file: 'other.spt' } }));
    expect(legacyConfigHash({ ...base, checkpoint: { every: 1, keep: 9 } })).not.toBe(legacyConfigHash(base));
  });
});
