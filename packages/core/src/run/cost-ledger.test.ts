import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CostLedgerKey, type CostLedger, type CostLedgerState, type CostReport } from '../spec/cost-ledger';
import type { JudgeCallContext } from '../spec/judge';
import { definePlugin, definePluginPackage } from '../spec/plugin';
import { readMetrics } from '../metrics/jsonl-metrics';
import { createCleanPointwiseJudge } from '../testing/mock-judges';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { createRun } from './create-run';

/** A minimal ledger: counts calls per step; the budget is a call count. */
class CallLedger implements CostLedger {
  calls = 0;
  byStep: Record<string, number> = {};
  aspects = new Set<string>();
  constructor(private readonly maxCalls: number) {}
  record(ctx: JudgeCallContext) {
    this.calls++;
    this.byStep[String(ctx.step)] = (this.byStep[String(ctx.step)] ?? 0) + 1;
    if (ctx.aspect) this.aspects.add(ctx.aspect);
  }
  metrics(step?: number) {
    return { 'llm/total/calls': this.calls, ...(step === undefined ? {} : { 'llm/step/calls': this.byStep[String(step)] ?? 0 }) };
  }
  report(): CostReport {
    const t = { calls: this.calls, promptTokens: 0, completionTokens: 0, cost: 0 };
    return { total: t, byAspect: {}, bySource: {}, byModel: {}, byStep: {}, failures: {}, abstentions: {}, budget: { exhausted: this.calls >= this.maxCalls } };
  }
  state(): CostLedgerState {
    return { version: 1, report: { ...this.report(), byStep: Object.fromEntries(Object.entries(this.byStep).map(([k, n]) => [k, { calls: n, promptTokens: 0, completionTokens: 0, cost: 0 }])) } };
  }
  restore(s: CostLedgerState) {
    this.calls = s.report.total.calls;
    this.byStep = Object.fromEntries(Object.entries(s.report.byStep).map(([k, t]) => [k, t.calls]));
  }
}

let closed = 0;
const seen: JudgeCallContext[] = [];
const ledgerPlugins = (maxCalls: number) =>
  definePluginPackage({
    name: 'ledger-test',
    version: '0',
    plugins: [
      definePlugin({
        manifest: { name: 'paid.clean', kind: 'judge', version: '0', description: 'a judge that pays per call', options: z.strictObject({}) },
        create: (_o, ctx) => {
          const ledger = ctx.shared(CostLedgerKey, () => new CallLedger(maxCalls));
          const inner = createCleanPointwiseJudge();
          return {
            ...inner,
            name: 'paid.clean',
            judge: (input: Parameters<typeof inner.judge>[0], c: JudgeCallContext) => {
              ledger.record(c);
              seen.push(c);
              return inner.judge(input, c);
            },
            close: async () => void closed++,
          };
        },
      }),
    ],
  });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-ledger-'));
  closed = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const config = () =>
  mockRunConfig({
    judges: [{ aspect: 'clean', judge: { plugin: 'paid.clean', options: {} }, mode: 'pointwise', samples: 1, reference: false, pairing: 'all', order: 'both' }],
    reward: { kind: 'aspect', name: 'clean' },
    judging: { cache: 'none' },
  });

describe('cost ledger wiring', () => {
  it('tags calls, adds the ledger to metrics, keeps it across a resume, closes judges', async () => {
    const first = createRun(config(), { plugins: [testingPlugins, ledgerPlugins(1e9)], runDir: dir });
    const controller = { done: false };
    for await (const e of first.events()) if (e.type === 'step' && e.step === 3 && !controller.done) (controller.done = true), first.abort();
    expect((await first.result()).status).toBe('aborted');
    expect(closed).toBe(1);
    expect(seen[0]).toMatchObject({ step: 0, aspect: 'clean', sources: ['original'] });
    expect(new Set(seen.flatMap((c) => c.sources ?? []))).toEqual(new Set(['original', 'rewrite', 'rollout']));
    const second = await createRun(config(), { plugins: [testingPlugins, ledgerPlugins(1e9)], runDir: dir }).result();
    expect(second.status).toBe('completed');
    const m = await readMetrics(path.join(dir, 'metrics.jsonl'));
    const perStep = m.map((r) => r.values['llm/step/calls']);
    expect(perStep.every((n) => n > 0)).toBe(true);
    // Cumulative totals continue across the resume.
    expect(m.map((r) => r.values['llm/total/calls'])).toEqual(perStep.map((_, i) => perStep.slice(0, i + 1).reduce((a, b) => a + b, 0)));
  });

  it('stops resumably when the budget is spent', async () => {
    const { status } = await createRun(config(), { plugins: [testingPlugins, ledgerPlugins(30)], runDir: dir }).result();
    expect(status).toBe('aborted');
    const m = await readMetrics(path.join(dir, 'metrics.jsonl'));
    expect(m.length).toBeLessThan(6);
    expect(m.at(-1)?.values['llm/total/calls']).toBeGreaterThanOrEqual(30);
  });
});
