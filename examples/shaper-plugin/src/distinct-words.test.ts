import { createRegistry, type PluginContext, type RewardShaper, type ShapedCandidate } from '@spt/core';
import { describe, expect, it } from 'vitest';
import informative, { distinctBonus, words } from './index';

const registry = createRegistry([informative]);
const make = (options: Record<string, unknown>) => registry.create<RewardShaper>('reward', { plugin: 'informative.distinct_words', options }, {} as PluginContext);
const cand = (text: string, reward: number | undefined): ShapedCandidate => ({ id: 'rollout:0', source: 'rollout', text, tokens: text.length, scores: {}, reward });
const at = (step: number) => ({ step, globalStep: step, phase: 'main' });

describe('informative.distinct_words', () => {
  it('counts distinct words, case-blind', () => {
    expect(words("The cat's mat, the CAT!")).toEqual(['the', "cat's", 'mat', 'the', 'cat']);
    expect(new Set(words('the the the cat')).size).toBe(2);
  });

  it('gives weight × min(distinct, cap) / cap, and keeps undefined rewards', async () => {
    expect(distinctBonus(6, 0.2, 24)).toBeCloseTo(0.05);
    expect(distinctBonus(50, 0.2, 24)).toBeCloseTo(0.2);
    const s = await make({ weight: 0.4, cap: 4 });
    expect(s.scope).toBe('candidate');
    const out = s.shape([cand('a loop a loop a loop', 1), cand('Mara taught chemistry at Tartu', 1), cand('anything', undefined)], at(0));
    expect(out[0]).toBeCloseTo(1.2);
    expect(out[1]).toBeCloseTo(1.4);
    expect(out[2]).toBeUndefined();
  });

  it('follows a schedule of the phase step', async () => {
    const s = await make({ weight: { kind: 'linear', from: 0, to: 1, start: 0, end: 10 }, cap: 1 });
    expect(s.shape([cand('word', 0)], at(5))[0]).toBeCloseTo(0.5);
  });

  it('rejects a missing weight with the option named', async () => {
    await expect(make({ cap: 4 })).rejects.toThrow(/informative\.distinct_words.*weight/);
  });
});
