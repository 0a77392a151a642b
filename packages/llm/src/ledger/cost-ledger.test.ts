import { CostLedgerKey, SptError } from '@spt/core';
import { describe, expect, it } from 'vitest';
import { RunCostLedger, runCostLedger } from './cost-ledger';

const u = (p: number, c: number) => ({ promptTokens: p, completionTokens: c });

describe('cost ledger', () => {
  it('adds spend by aspect, model, step and source, splitting pairwise calls between sources', () => {
    const l = new RunCostLedger();
    l.record('m1', u(100, 10), 0.5, { aspect: 'quality', step: 1, sources: ['original', 'rollout'] });
    l.record('m1', u(50, 5), 0.25, { aspect: 'safety', step: 1, sources: ['rollout'] });
    l.record('m2', u(10, 1), 0, {});
    const r = l.report();
    expect(r.total).toEqual({ calls: 3, promptTokens: 160, completionTokens: 16, cost: 0.75 });
    expect(r.bySource.original).toEqual({ calls: 0.5, promptTokens: 50, completionTokens: 5, cost: 0.25 });
    expect(r.bySource.rollout).toEqual({ calls: 1.5, promptTokens: 100, completionTokens: 10, cost: 0.5 });
    expect(r.byModel.m2.calls).toBe(1);
    expect(r.byAspect.unlabelled.calls).toBe(1);
    const m = l.metrics(1);
    expect(m['llm/total/prompt_tokens']).toBe(160);
    expect(m['llm/aspect/quality/cost']).toBe(0.5);
    expect(m['llm/step/calls']).toBe(2);
    expect(l.metrics(2)['llm/step/calls']).toBe(0);
  });

  it('keeps the tighter budget and throws budget.exhausted once it is reached', () => {
    const l = new RunCostLedger();
    l.addBudget({ maxTokens: 1000 });
    l.addBudget({ maxTokens: 300, maxCost: 2 });
    l.record('m', u(200, 50), 0.1);
    expect(() => l.checkBudget('m')).not.toThrow();
    l.record('m', u(40, 20), 0.1);
    let error: unknown;
    try {
      l.checkBudget('openai:judge');
    } catch (e) {
      error = e;
    }
    expect(SptError.is(error, 'budget.exhausted')).toBe(true);
    expect((error as Error).message).toBe(
      "the run's judge/rewriter budget is spent (request to openai:judge not sent)\n  expected: at most 300 tokens (budget.max_tokens)\n  got: 310 tokens\n  fix: resume the run with a higher limit in the environment (SPT_LLM_MAX_TOKENS=...), which overrides the recipe's budget",
    );
  });

  it('round-trips through a checkpoint; a resumed run may raise the budget', () => {
    const a = new RunCostLedger();
    a.addBudget({ maxCost: 1 });
    a.record('m', u(10, 10), 1.5, { step: 4 });
    a.recordAbstention('quality');
    const state = JSON.parse(JSON.stringify(a.state()));
    const same = new RunCostLedger();
    same.addBudget({ maxCost: 1 });
    same.restore(state);
    expect(() => same.checkBudget('m')).toThrow(/budget is spent/);
    const raised = new RunCostLedger();
    raised.addBudget({ maxCost: 5 });
    raised.restore(state);
    expect(() => raised.checkBudget('m')).not.toThrow();
    expect(raised.report().total.cost).toBe(1.5);
    expect(raised.report().abstentions).toEqual({ quality: 1 });
  });

  it('is one ledger per run context; the environment overrides the recipe budget', () => {
    const store = new Map<string, unknown>();
    const env: Record<string, string> = { SPT_LLM_MAX_TOKENS: '5000' };
    const ctx = { shared: <T>(k: string, make: () => T) => (store.has(k) ? store.get(k) : store.set(k, make()).get(k)) as T, env: (n: string) => env[n] };
    const ledger = runCostLedger(ctx);
    expect(runCostLedger(ctx)).toBe(ledger);
    expect(store.has(CostLedgerKey)).toBe(true);
    ledger.addBudget({ maxTokens: 100, maxCost: 3 });
    expect(ledger.report().budget).toEqual({ maxTokens: 5000, maxCost: 3, exhausted: false });
    store.clear();
    env.SPT_LLM_MAX_COST = 'lots';
    expect(() => runCostLedger(ctx)).toThrow('environment variable SPT_LLM_MAX_COST is not a positive number');
  });
});
