import {
  CostLedgerKey,
  SptError,
  type CostLedger,
  type CostLedgerState,
  type CostReport,
  type CostTotals,
  type PluginContext,
  type Usage,
  type UsageTags,
} from '@spt/core';
import { tighter, type Budget } from './price';

/** Steps kept in `byStep` (older steps are already in the metrics log). */
const STEPS_KEPT = 256;
const UNLABELLED = 'unlabelled';

const zero = (): CostTotals => ({ calls: 0, promptTokens: 0, completionTokens: 0, cost: 0 });

function add(into: Record<string, CostTotals>, key: string, usage: Usage, cost: number, share: number): void {
  const t = (into[key] ??= zero());
  t.calls += share;
  t.promptTokens += usage.promptTokens * share;
  t.completionTokens += usage.completionTokens * share;
  t.cost += cost * share;
}

/**
 * The run's spend on judge and rewriter models: tokens and estimated cost by aspect, candidate
 * source, model and step, plus failures, abstentions and the budget. A pairwise call's spend is
 * split evenly between the two sources it compared.
 */
export class RunCostLedger implements CostLedger {
  private data: CostReport = RunCostLedger.empty();
  private budget: Budget = {};

  /** `overrides` replace whatever limit of that kind the models' options set (see runCostLedger). */
  constructor(private readonly overrides: Budget = {}) {
    this.addBudget({});
  }

  static empty(): CostReport {
    return { total: zero(), byAspect: {}, bySource: {}, byModel: {}, byStep: {}, failures: {}, abstentions: {}, budget: { exhausted: false } };
  }

  /** Adds a model's limits to the run budget (the tighter limit of each kind wins). */
  addBudget(budget: Budget): void {
    const b = tighter(this.budget, budget);
    this.budget = { maxTokens: this.overrides.maxTokens ?? b.maxTokens, maxCost: this.overrides.maxCost ?? b.maxCost };
    this.data.budget = { ...this.budget, exhausted: this.data.budget.exhausted || this.over() };
  }

  /** Records one answered call. */
  record(model: string, usage: Usage, cost: number, tags: UsageTags = {}): void {
    const d = this.data;
    add({ total: d.total }, 'total', usage, cost, 1);
    add(d.byAspect, tags.aspect ?? UNLABELLED, usage, cost, 1);
    add(d.byModel, model, usage, cost, 1);
    const sources = tags.sources && tags.sources.length > 0 ? tags.sources : [UNLABELLED];
    for (const s of sources) add(d.bySource, s, usage, cost, 1 / sources.length);
    if (tags.step !== undefined) {
      add(d.byStep, String(tags.step), usage, cost, 1);
      const steps = Object.keys(d.byStep);
      if (steps.length > STEPS_KEPT) delete d.byStep[steps.sort((a, b) => Number(a) - Number(b))[0]];
    }
    if (this.over()) d.budget.exhausted = true;
  }

  /** Counts a call that failed after its retries, by aspect. */
  recordFailure(aspect = UNLABELLED): void {
    this.data.failures[aspect] = (this.data.failures[aspect] ?? 0) + 1;
  }

  /** Counts an abstained judgment, by aspect. */
  recordAbstention(aspect = UNLABELLED): void {
    this.data.abstentions[aspect] = (this.data.abstentions[aspect] ?? 0) + 1;
  }

  /** Throws SptError `budget.exhausted` once a limit is reached; call before sending a request. */
  checkBudget(model: string): void {
    if (!this.data.budget.exhausted) return;
    const { total } = this.data;
    const tokens = total.promptTokens + total.completionTokens;
    const byTokens = this.budget.maxTokens !== undefined && tokens >= this.budget.maxTokens;
    throw new SptError({
      code: 'budget.exhausted',
      what: `the run's judge/rewriter budget is spent (request to ${model} not sent)`,
      expected: byTokens ? `at most ${this.budget.maxTokens} tokens (budget.max_tokens)` : `at most ${this.budget.maxCost} in cost (budget.max_cost)`,
      got: byTokens ? `${Math.round(tokens)} tokens` : `${total.cost.toFixed(4)} spent`,
      fix: `resume the run with a higher limit in the environment (${byTokens ? 'SPT_LLM_MAX_TOKENS' : 'SPT_LLM_MAX_COST'}=...), which overrides the recipe's budget`,
    });
  }

  metrics(step?: number): Record<string, number> {
    const out: Record<string, number> = {};
    const put = (prefix: string, t: CostTotals) => {
      out[`${prefix}/calls`] = t.calls;
      out[`${prefix}/prompt_tokens`] = t.promptTokens;
      out[`${prefix}/completion_tokens`] = t.completionTokens;
      out[`${prefix}/cost`] = t.cost;
    };
    put('llm/total', this.data.total);
    for (const [k, t] of Object.entries(this.data.byAspect)) put(`llm/aspect/${k}`, t);
    for (const [k, t] of Object.entries(this.data.bySource)) put(`llm/source/${k}`, t);
    if (step !== undefined) put('llm/step', this.data.byStep[String(step)] ?? zero());
    for (const [k, n] of Object.entries(this.data.failures)) out[`llm/failures/${k}`] = n;
    for (const [k, n] of Object.entries(this.data.abstentions)) out[`llm/abstentions/${k}`] = n;
    return out;
  }

  report(): CostReport {
    return structuredClone(this.data);
  }

  state(): CostLedgerState {
    return { version: 1, report: this.report() };
  }

  /** Restores spend from a checkpoint; the limits stay those configured now (a resumed run may raise them). */
  restore(state: CostLedgerState): void {
    this.data = structuredClone(state.report);
    this.data.budget = { ...this.budget, exhausted: this.over() };
  }

  private over(): boolean {
    const { total } = this.data;
    const b = this.budget;
    return (
      (b.maxTokens !== undefined && total.promptTokens + total.completionTokens >= b.maxTokens) ||
      (b.maxCost !== undefined && total.cost >= b.maxCost)
    );
  }
}

/**
 * The run's ledger (one per PluginContext.shared store). SPT_LLM_MAX_TOKENS and SPT_LLM_MAX_COST
 * in the environment override the recipe's budget: that is how a run stopped by its budget
 * resumes with a higher one without changing the recipe (which would no longer match its
 * checkpoint).
 */
export function runCostLedger(ctx: Pick<PluginContext, 'shared' | 'env'>): RunCostLedger {
  return ctx.shared(CostLedgerKey, () => new RunCostLedger({ maxTokens: envLimit(ctx, 'SPT_LLM_MAX_TOKENS'), maxCost: envLimit(ctx, 'SPT_LLM_MAX_COST') }));
}

function envLimit(ctx: Pick<PluginContext, 'env'>, name: string): number | undefined {
  const raw = ctx.env(name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new SptError({
      code: 'budget.env',
      what: `environment variable ${name} is not a positive number`,
      expected: 'a positive number (tokens for SPT_LLM_MAX_TOKENS, cost for SPT_LLM_MAX_COST)',
      got: JSON.stringify(raw),
      fix: `export ${name}=<limit>, or unset it to use the recipe's budget`,
    });
  }
  return value;
}
