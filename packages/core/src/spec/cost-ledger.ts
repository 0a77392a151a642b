/**
 * Tokens and estimated cost spent on judge and rewriter models, shared by every completion model
 * of a run under `ctx.shared(CostLedgerKey, ...)`. The scheduler adds `metrics(step)` to each step's
 * metrics, saves `state()` in checkpoints and `restore()`s it on resume (so a budget survives a
 * restart). Holds no secrets.
 */
export interface CostTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  /** Estimated cost in the price table's currency (0 where no price is configured). */
  cost: number;
}

export interface CostReport {
  total: CostTotals;
  byAspect: Record<string, CostTotals>;
  bySource: Record<string, CostTotals>;
  byModel: Record<string, CostTotals>;
  byStep: Record<string, CostTotals>;
  /** Calls that failed after retries, and judgments that abstained, by aspect. */
  failures: Record<string, number>;
  abstentions: Record<string, number>;
  /** Limits in force (undefined = none) and whether one was reached. */
  budget: { maxTokens?: number; maxCost?: number; exhausted: boolean };
}

/** Serializable ledger state for checkpoints (plain JSON). */
export interface CostLedgerState {
  version: 1;
  report: CostReport;
}

export interface CostLedger {
  /** Flat numbers for a metrics record: cumulative totals plus the given step's own spend. */
  metrics(step?: number): Record<string, number>;
  report(): CostReport;
  state(): CostLedgerState;
  restore(state: CostLedgerState): void;
}

/** The `PluginContext.shared` key under which the run's ledger lives. */
export const CostLedgerKey = 'spt.cost-ledger';
