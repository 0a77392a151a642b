import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corePlugins } from '@spt/core';
import { testingPlugins } from '@spt/core/testing';
import { cli } from '../__fixtures__/cli';

// GRPO on a verifiable task, end to end through a recipe: the bigram policy is rewarded (by a
// verifier, no judge model) when its continuation starts with a vowel; after a little NTP (so that
// letters are likely at all), its mean reward rises under GRPO.
const dir = mkdtempSync(path.join(tmpdir(), 'spt-grpo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recipe = (variant: string) => `recipe grpo_${variant} {
  data mock.docs { seed: 1, noise: 0 }
  policy mock.bigram { seed: 1 }
  window { k: 4, prefix: 8..16 }
  candidates { rollouts 8 { temperature: 1.0, top_p: 1.0 } }
  judge vowel verify.regex { pattern: "^[aeiou]" }
  reward = vowel
  train { batch: 8, lr: 50 constant, seed: 3 }
  phase pretrain { steps: 30
    objective ntp }
  phase grpo { steps: 40
    objective grpo { clip: 0.2, kl_beta: 0.01, variant: ${variant} } }
}
`;
const spt = (...argv: string[]) => cli(argv, { cwd: dir, loadPlugins: async () => [corePlugins, testingPlugins] });

describe('objective grpo on a verifiable task', () => {
  for (const variant of ['grpo', 'dr_grpo']) {
    it(`${variant}: the mean reward of the policy's own samples rises over the steps`, async () => {
      writeFileSync(path.join(dir, `${variant}.spt`), recipe(variant));
      const r = await spt('run', `${variant}.spt`, '--run-dir', `runs/${variant}`, '--no-eval');
      expect(r.code, r.err.join('\n')).toBe(0);
      const rows = readFileSync(path.join(dir, `runs/${variant}/metrics.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((m) => m.phase === 'grpo').map((m) => m.values);
      const reward = rows.map((v) => v['reward/mean'] as number);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(reward).toHaveLength(40);
      // At lr 50 the bigram learns within a few steps: the first 5 steps are the untrained baseline.
      expect(mean(reward.slice(-10))).toBeGreaterThan(mean(reward.slice(0, 5)) + 0.2);
      expect(rows.some((v) => v['objective/samples'] > 0)).toBe(true);
    }, 120_000);
  }
});
