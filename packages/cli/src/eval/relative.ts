import type { Spread } from './evaluate';

/** One metric of one model relative to another, in the paper's form ((model - against) / against). */
export interface RelativeRow {
  model: string;
  against: string;
  metric: string;
  /** As a fraction: 0.362 is +36.2%. */
  change: number;
}

/**
 * The paper's relative gains for each compared pair (model, against): every metric both models
 * have, on the means over seeds. Bookkeeping shares (keys with a `/`, such as `abstained/<aspect>`)
 * and metrics whose reference mean is 0 or not finite are left out (no relative change exists).
 */
export function relativeChanges(metrics: Record<string, Record<string, Spread>>, pairs: ReadonlyArray<readonly [string, string]>): RelativeRow[] {
  const rows: RelativeRow[] = [];
  for (const [model, against] of pairs) {
    const mine = metrics[model] ?? {};
    const theirs = metrics[against] ?? {};
    for (const metric of Object.keys(mine).sort()) {
      if (metric.includes('/')) continue;
      const a = theirs[metric]?.mean;
      const b = mine[metric].mean;
      if (a === undefined || !Number.isFinite(a) || !Number.isFinite(b) || a === 0) continue;
      rows.push({ model, against, metric, change: (b - a) / Math.abs(a) });
    }
  }
  return rows;
}
