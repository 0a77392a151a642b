import { createPluginContext, evalPromptSeed, greedyContinuations, Services, suiteRef, type EvalPrompt, type PluginRegistry, type RunConfig } from '@spt/core';
import { meanStd } from './stats';
import type { LmEvalTable } from './lm-eval';
import { policyDir } from './policy-dir';
import { relativeChanges, type RelativeRow } from './relative';
import { pairwiseWinRate, type WinRate } from './win-rate';

/** A metric over evaluation seeds. */
export interface Spread {
  mean: number;
  std: number;
  n: number;
}

export interface WinRateRow {
  /** Model whose win rate this is. */
  model: string;
  against: string;
  /** Label of the pairwise judge (e.g. quality, quality_defects). */
  judge: string;
  winRate: Spread;
  /** Share of verdicts that were ties (both orders counted). Ties pull a win rate toward 0.5. */
  tieRate?: Spread;
  /** Share of the decided verdicts (ties left out) won by the model: wins / (wins + losses). */
  decidedWinRate?: Spread;
  abstained: number;
}

export interface EvalReport {
  suite: string;
  k: number;
  prefixesPerSet: number;
  seeds: number;
  models: string[];
  /** model -> metric -> spread over seeds. */
  metrics: Record<string, Record<string, Spread>>;
  winRates: WinRateRow[];
  /** The paper's relative gains of each compared model over its reference, metric by metric (absent in results written before it existed). */
  relative?: RelativeRow[];
  /** A few continuations per model and set, for reading. */
  samples: Record<string, Array<{ set: string; prefix: string; continuation: string }>>;
  seconds: number;
  /** lm-evaluation-harness results (`spt eval --lm-eval`). */
  lmEval?: LmEvalTable;
}

export interface EvaluateOptions {
  config: RunConfig;
  registry: PluginRegistry;
  /** Model name -> checkpoint folder (the backend's files are in its `policy` subfolder). */
  models: Record<string, string>;
  /** Pairs [a, b]: the win rate of a against b is reported for each quality judge. */
  comparisons: Array<[string, string]>;
  prefixes: number;
  seeds: number;
  log?: (message: string) => void;
  signal?: AbortSignal;
}

/**
 * The paper's evaluation in miniature: greedy K-token continuations of held-out prefixes by each
 * model, scored by the suite (safety, factuality, claim and defect rates) and compared pairwise
 * with its quality judges (both orders, ties half), over several prompt seeds.
 */
export async function evaluate(o: EvaluateOptions): Promise<EvalReport> {
  const began = Date.now();
  const log = o.log ?? (() => {});
  const ctx = createPluginContext({
    registry: o.registry,
    config: o.config,
    seed: o.config.train.seed,
    log,
    warn: (code, message) => log(`warning [${code}]: ${message}`),
  });
  // The policy first: its tokenizer is a service data plugins may ask for (task sources cut on it).
  const backend = await o.registry.create('policy', o.config.policy, ctx);
  ctx.bindService(Services.tokenizer, backend.tokenizer);
  const suite = await o.registry.create('eval', suiteRef(o.config, o.registry), ctx).catch(async (e: unknown) => {
    await backend.dispose();
    throw e;
  });
  const k = o.config.window.k;
  const names = Object.keys(o.models);
  const perSeedMetrics: Record<string, Array<Record<string, number>>> = Object.fromEntries(names.map((n) => [n, []]));
  const perSeedWins = new Map<string, WinRate[]>();
  const samples: EvalReport['samples'] = {};
  try {
    for (let seed = 0; seed < o.seeds; seed++) {
      const prompts: EvalPrompt[] = await suite.prompts({ count: o.prefixes, seed: evalPromptSeed(o.config, seed), tokenizer: backend.tokenizer, k });
      const texts: Record<string, string[]> = {};
      // A model's judging runs while the next model generates: judges wait on a server, generation on the CPU.
      const scoring: Array<Promise<void>> = [];
      for (const name of names) {
        await backend.load(policyDir(o.models[name]));
        log(`eval seed ${seed + 1}/${o.seeds}: ${name}: ${prompts.length} greedy continuations of ${k} tokens`);
        texts[name] = await greedyContinuations(backend, prompts, k, { signal: o.signal });
        if (seed === 0) samples[name] = pickSamples(prompts, texts[name]);
        const scored = suite.score(prompts, { model: name, texts: texts[name] }).then((m) => void (perSeedMetrics[name][seed] = m));
        scored.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
        scoring.push(scored);
      }
      // Every comparison of every quality judge at once, behind the same limit.
      const judges = Object.entries(suite.qualityJudges());
      const wins = o.comparisons.flatMap(([a, b]) =>
        judges.map(async ([label, judge]) => [`${a}\u0000${b}\u0000${label}`, await pairwiseWinRate(judge, prompts, texts[a], texts[b], seed)] as const),
      );
      const [, decided] = await Promise.all([Promise.all(scoring), Promise.all(wins)]);
      for (const [key, r] of decided) perSeedWins.set(key, [...(perSeedWins.get(key) ?? []), r]);
    }
  } finally {
    await backend.dispose();
    await suite.close?.();
  }
  const metrics: EvalReport['metrics'] = {};
  for (const name of names) {
    const keys = [...new Set(perSeedMetrics[name].flatMap((m) => Object.keys(m)))];
    metrics[name] = Object.fromEntries(keys.map((key) => [key, meanStd(perSeedMetrics[name].map((m) => m[key]))]));
  }
  const winRates: WinRateRow[] = [...perSeedWins].map(([key, rs]) => {
    const [model, against, judge] = key.split('\u0000');
    const over = (pick: (r: WinRate) => number) => meanStd(rs.map(pick));
    const abstained = rs.reduce((n, r) => n + r.abstained, 0);
    return { model, against, judge, winRate: over((r) => r.winRate), tieRate: over((r) => r.tieRate), decidedWinRate: over((r) => r.decidedWinRate), abstained };
  });
  return {
    suite: suite.name,
    k,
    prefixesPerSet: o.prefixes,
    seeds: o.seeds,
    models: names,
    metrics,
    winRates,
    relative: relativeChanges(metrics, o.comparisons),
    samples,
    seconds: (Date.now() - began) / 1000,
  };
}


function pickSamples(prompts: readonly EvalPrompt[], texts: readonly string[]) {
  const out: Array<{ set: string; prefix: string; continuation: string }> = [];
  const seen = new Map<string, number>();
  prompts.forEach((p, i) => {
    const n = seen.get(p.set) ?? 0;
    if (n < 2) out.push({ set: p.set, prefix: p.prefix.slice(-160), continuation: texts[i] });
    seen.set(p.set, n + 1);
  });
  return out;
}
