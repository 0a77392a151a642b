import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readMetrics } from '../metrics/jsonl-metrics';
import { createRun } from '../run/create-run';
import type { ObjectivePlugin, PoolPick } from '../spec/objective';
import { definePlugin, definePluginPackage } from '../spec/plugin';
import type { RunConfig } from '../spec/run-config';
import { mockRunConfig, testingPlugins } from '../testing/plugins';

/**
 * A third-party objective: DPO of the best judged candidate against the original suffix (the
 * corpus text), skipping pools where the original is the best. `kind` lets the tests break it.
 */
const bestVsOriginal = (kind: 'dpo' | 'wrong') =>
  definePlugin<ObjectivePlugin, { beta: number }>({
    manifest: { name: kind === 'dpo' ? 'ext.best_vs_original' : 'ext.mislabelled', kind: 'objective', version: '1.0.0', description: 'best vs original', options: z.strictObject({ beta: z.number().positive().default(0.5) }) },
    create: (o) => ({
      name: 'best_vs_original',
      needsPool: true,
      needsJudging: true,
      updates: kind === 'dpo' ? ['dpo'] : ['nll'],
      usesReference: true,
      run: (input, ctx) => {
        const beta = ctx.scheduled('beta') ?? o.beta;
        const picks: PoolPick[] = [];
        const pairs = input.pools.flatMap((pool) => {
          const original = pool.candidates.findIndex((c) => c.source === 'original');
          let best = -1;
          pool.candidates.forEach((c, i) => {
            if (c.reward !== undefined && (best < 0 || c.reward > (pool.candidates[best].reward as number))) best = i;
          });
          if (original < 0 || best < 0 || best === original || pool.candidates[best].text === pool.candidates[original].text) {
            picks.push({ skip: 'no-source' });
            return [];
          }
          picks.push({ chosen: best, rejected: original });
          return [{ prompt: pool.window.prefixTokens, chosen: pool.candidates[best].tokens, rejected: pool.candidates[original].tokens }];
        });
        return { batch: pairs.length ? { kind: 'dpo', pairs, beta, nllAlpha: 0 } : undefined, picks, stats: { pairs: pairs.length } };
      },
    }),
  });
const ext = definePluginPackage({ name: 'ext-objectives', version: '1.0.0', plugins: [bestVsOriginal('dpo'), bestVsOriginal('wrong')] });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-objective-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run(config: RunConfig) {
  const handle = createRun(config, { plugins: [testingPlugins, ext], runDir: dir });
  for await (const _ of handle.events());
  return handle.result();
}
const withObjective = (plugin: string, options: Record<string, unknown> = {}) =>
  mockRunConfig({ phases: [{ name: 'main', steps: 4, objective: { kind: 'plugin', plugin, options } }] });

describe('objective plugins', () => {
  it('a third-party objective trains through the registry: its picks drive the metrics, the backend gets its batch', async () => {
    const result = await run(withObjective('ext.best_vs_original', { beta: 0.4 }));
    expect(result.status).toBe('completed');
    const m = await readMetrics(path.join(dir, 'metrics.jsonl'));
    expect(m).toHaveLength(4);
    for (const step of m) {
      expect(step.values['chosen_rate/original'] ?? 0).toBe(0);
      if (step.values['rejected_rate/original'] !== undefined) expect(step.values['rejected_rate/original']).toBe(1);
      expect(step.values.loss).toBeGreaterThan(0);
    }
    expect(m.some((s) => (s.values['update/dpo_accuracy'] ?? -1) >= 0)).toBe(true);
  });

  it('the built-in objectives are plugins of the same kind', async () => {
    const result = await run(withObjective('online_dpo', { beta: 0.5, reference: 'frozen', nll_alpha: 0, ties: 'skip' }));
    expect(result.status).toBe('completed');
  });

  it('a batch of an undeclared kind stops the run with an error naming the plugin', async () => {
    const result = await run(withObjective('ext.mislabelled'));
    expect(result.status).toBe('failed');
    expect((result.error as { code?: string }).code).toBe('objective.contract');
    expect(result.error?.message).toContain('ext.mislabelled');
  });

  it('an objective that needs judges in a recipe without any is an error before the first step', async () => {
    const config = withObjective('ext.best_vs_original');
    const result = await run({ ...config, judges: [], reward: { kind: 'number', value: 0 } });
    expect(result.status).toBe('failed');
    expect((result.error as { code?: string }).code).toBe('config.objective');
    expect(result.error?.message).toContain('no judge');
  });
});
