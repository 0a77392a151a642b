import type { LimitFunction } from 'p-limit';
import { SptError } from '../errors';
import type { PluginRegistry } from '../plugins/registry';
import type { CandidateSource } from '../spec/candidate-source';
import type { DocumentSource } from '../spec/document-source';
import type { EvalSuite } from '../spec/eval-suite';
import type { JudgmentCache } from '../spec/judgment-cache';
import type { MetricsSink } from '../spec/metrics-sink';
import type { RunObserver } from '../spec/run-observer';
import { CostLedgerKey, type CostLedger } from '../spec/cost-ledger';
import type { CorePluginContext } from './plugin-context';
import type { PolicyBackend } from '../spec/policy-backend';
import type { Rewriter } from '../spec/rewriter';
import type { RewardShaper } from '../spec/reward-shaper';
import { Services } from '../spec/services';
import type { PluginRef, RunConfig } from '../spec/run-config';
import type { Windower } from '../spec/windower';
import { createRandomSplitWindower } from '../data/windower';
import type { PoolJudge } from '../judging/judge-pool';
import { sharedJudgeLimit, sharedJudgingCache, sharedPrefixGate } from '../judging/run-judging';
import type { PrefixGate } from '../judging/prefix-gate';
import { splitSource } from '../data/holdout';
import { runSource } from '../data/run-source';
import { compileReward, type CompiledReward } from '../reward/compile-reward';
import { stableStringify } from '../judging/cache-key';
import { suiteRef } from '../eval/suite-ref';
import { validateBackend, validateRunConfig } from './validate-run';

/** The created plugins and compiled pieces of a run. */
export interface RunParts {
  config: RunConfig;
  ctx: CorePluginContext;
  source: DocumentSource;
  backend: PolicyBackend;
  windower: Windower;
  judges: PoolJudge[];
  reward: CompiledReward;
  cache?: JudgmentCache;
  sinks: MetricsSink[];
  /** The recipe's `observe` plugins: the run adds them to its event hub. */
  observers: RunObserver[];
  /** The suite of the in-loop evaluation points: set when `eval.every` > 0 and evaluation is on. */
  evalSuite?: EvalSuite;
  /** Shared limit on judge and rewriter calls in flight. */
  limit: LimitFunction;
  /** `judging { warm_prefix: true }`: the run's prefix gate. */
  gate?: PrefixGate;
  /** Rewriters and plugin sources are created once per distinct reference. */
  rewriter(ref: PluginRef): Promise<Rewriter>;
  extraSource(ref: PluginRef): Promise<CandidateSource>;
  /** A reward shaper (kind `reward`), created once per distinct reference; its aspects are checked. */
  shaper(ref: PluginRef): Promise<RewardShaper>;
  /** The cost ledger of the run's completion models, if any created one (ctx.shared). */
  ledger(): CostLedger | undefined;
  /** Judges and rewriters created so far (closed at the end of the run). */
  closeables(): Array<{ close?(): Promise<void> }>;
}

/**
 * Creates every plugin the run names and validates the whole configuration against them.
 * `evaluate: false` leaves out the evaluation suite (no in-loop evaluation points).
 */
export async function createRunParts(
  config: RunConfig,
  registry: PluginRegistry,
  ctx: CorePluginContext,
  options: { evaluate?: boolean } = {},
): Promise<RunParts> {
  const reward = compileReward(config.reward);
  validateRunConfig(config, config.judges.map((j) => j.aspect), reward.aspects);
  const backend = await registry.create('policy', config.policy, ctx);
  validateBackend(config, backend);
  ctx.bindService(Services.tokenizer, backend.tokenizer);
  // The cache before the judges and rewriters, so plugins that ask for it find it bound.
  const cache = await sharedJudgingCache(config, ctx);
  if (cache) ctx.bindService(Services.judgmentCache, cache);
  // Held-out documents (data { holdout }) never reach training.
  const source = splitSource(await runSource(config, ctx), config.data.holdout ?? 0, 'train');
  const judges: PoolJudge[] = [];
  for (const jc of config.judges) {
    const judge = await registry.create('judge', jc.judge, ctx);
    if (judge.kind !== jc.mode) {
      throw new SptError({
        code: 'config.judge-mode',
        what: `judge ${jc.aspect} (${jc.judge.plugin}) is ${judge.kind}, but the recipe uses it ${jc.mode}`,
        expected: `a ${jc.mode} judge`,
        got: judge.kind,
        fix: `write \`judge ${jc.aspect} ${jc.judge.plugin} ${judge.kind}\` or choose a ${jc.mode} judge`,
      });
    }
    judges.push({ config: jc, judge });
  }
  // LLM judges keep the run's token and cost ledger in `shared`: other plugins can read it as a service.
  const ledger = ctx.peekShared<CostLedger>(CostLedgerKey);
  if (ledger) ctx.bindService(Services.costLedger, ledger);
  const memo = new Map<string, Promise<unknown>>();
  const rewriters: Rewriter[] = [];
  const once = <T>(kind: 'rewriter' | 'source' | 'reward', ref: PluginRef): Promise<T> => {
    const key = `${kind}:${ref.plugin}:${stableStringify(ref.options)}`;
    if (!memo.has(key)) {
      const made = registry.create<T>(kind, ref, ctx);
      if (kind === 'rewriter') void made.then((r) => rewriters.push(r as Rewriter), () => {});
      memo.set(key, made);
    }
    return memo.get(key) as Promise<T>;
  };
  const sinks: MetricsSink[] = [];
  for (const ref of config.metrics ?? []) sinks.push(await registry.create('metrics', ref, ctx));
  const observers: RunObserver[] = [];
  for (const ref of config.observers ?? []) observers.push(await registry.create('observer', ref, ctx));
  const evaluates = options.evaluate !== false && (config.eval?.every ?? 0) > 0;
  const evalSuite = evaluates ? await registry.create('eval', suiteRef(config, registry), ctx) : undefined;
  return {
    config,
    ctx,
    source,
    backend,
    windower: createRandomSplitWindower(),
    judges,
    reward,
    cache,
    sinks,
    observers,
    ...(evalSuite ? { evalSuite } : {}),
    limit: sharedJudgeLimit(config, ctx),
    gate: sharedPrefixGate(config, ctx),
    rewriter: (ref) => once<Rewriter>('rewriter', ref),
    extraSource: (ref) => once<CandidateSource>('source', ref),
    shaper: async (ref) => {
      const shaper = await once<RewardShaper>('reward', ref);
      const aspects = config.judges.map((j) => j.aspect);
      const missing = (shaper.aspects ?? []).find((a) => !aspects.includes(a));
      if (missing !== undefined) {
        throw new SptError({
          code: 'config.shaper-aspect',
          what: `reward shaper "${ref.plugin}" reads aspect "${missing}" but no judge scores it`,
          expected: `one of: ${aspects.join(', ') || '(no judge)'}`,
          got: missing,
          fix: `add \`judge ${missing} ...\` or change the shaper's options`,
        });
      }
      return shaper;
    },
    ledger: () => ctx.peekShared<CostLedger>(CostLedgerKey),
    closeables: () => [...judges.map((j) => j.judge), ...rewriters, ...(evalSuite ? [evalSuite] : []), source],
  };
}
