import { z } from 'zod';
import { splitSource } from '../data/holdout';
import { ownsRunSource, runSource } from '../data/run-source';
import { SptError } from '../errors';
import { guardPairwise, guardPointwise, newJudgeGuard } from '../judging/guarded-judge';
import { judgeIdentity } from '../judging/cache-key';
import { hasSharedJudgingCache, sharedJudgeLimit, sharedJudgingCache, sharedPrefixGate } from '../judging/run-judging';
import type { CorePluginContext } from '../run/plugin-context';
import type { EvalSuite } from '../spec/eval-suite';
import type { AnyJudge } from '../spec/judge';
import { definePlugin, type PluginContext } from '../spec/plugin';
import { createJudgedSuite, type SuiteJudge } from './judged-suite';

interface JudgedOptions {
  aspects?: string[];
  max_documents: number;
  /** Per aspect, another judge plugin (and its options) than training's: `{ quality: { plugin: "llm.quality", model: "big" } }`. */
  judges?: Record<string, { plugin: string } & Record<string, unknown>>;
}

function noSetup(what: string, fix: string): SptError {
  return new SptError({ code: 'eval.judged-setup', what, expected: 'a run recipe with data { ..., holdout: <share> } and judges', got: 'see above', fix });
}

/**
 * `eval { suite: judged }`: the evaluation for any corpus, scored by the recipe's own judges (or the
 * `aspects` named) through the run's judgment cache, concurrency limit and timeout.
 */
export const judgedEvalPlugin = definePlugin<EvalSuite, JudgedOptions>({
  manifest: {
    name: 'judged',
    kind: 'eval',
    version: '0.1.0',
    description: "any corpus: prefixes of held-out documents (data { holdout }), continuations scored by the recipe's judges (pointwise means and pass shares, on prompts whose original is judged low, pairwise win rates)",
    options: z.strictObject({
      aspects: z.array(z.string().min(1)).min(1).optional(),
      max_documents: z.number().int().min(1).default(2000),
      judges: z.record(z.string().min(1), z.looseObject({ plugin: z.string().min(1) })).optional(),
    }),
  },
  async create(o, ctx: PluginContext) {
    const core = ctx as CorePluginContext;
    const config = ctx.config;
    if (!config || !core.registry) throw noSetup('the judged eval suite needs the run it evaluates', 'name it in a recipe: eval { suite: judged }');
    if (!(config.data.holdout && config.data.holdout > 0)) {
      throw new SptError({
        code: 'eval.no-holdout',
        what: `the judged eval suite scores held-out documents, and data ${config.data.plugin} holds none out`,
        expected: 'data { ..., holdout: <share of documents, e.g. 0.05> }',
        got: 'no holdout',
        fix: `add holdout to the data block, e.g. data ${config.data.plugin} { ..., holdout: 0.05 } (training then never reads those documents)`,
      });
    }
    const entries = o.aspects ? config.judges.filter((j) => o.aspects!.includes(j.aspect)) : config.judges;
    const missing = (o.aspects ?? []).filter((a) => !config.judges.some((j) => j.aspect === a));
    if (missing.length) {
      throw new SptError({
        code: 'eval.judged-aspect',
        what: `eval suite judged: aspect(s) ${missing.join(', ')} are not judges of the recipe`,
        expected: `aspects among: ${config.judges.map((j) => j.aspect).join(', ') || 'none'}`,
        got: missing.join(', '),
        fix: 'name aspects the recipe judges, or leave `aspects` out to use them all',
      });
    }
    if (entries.length === 0) throw noSetup('the judged eval suite has no judge to score with', 'add judges to the recipe');
    const unknown = Object.keys(o.judges ?? {}).filter((a) => !entries.some((j) => j.aspect === a));
    if (unknown.length) {
      throw new SptError({
        code: 'eval.judged-aspect',
        what: `eval suite judged: judges given for aspect(s) ${unknown.join(', ')}, which the suite does not score`,
        expected: `aspects among: ${entries.map((j) => j.aspect).join(', ')}`,
        got: unknown.join(', '),
        fix: 'key `judges` by aspects the recipe judges (the eval judge replaces that aspect\'s training judge)',
      });
    }
    const ownsCache = !hasSharedJudgingCache(core);
    const cache = await sharedJudgingCache(config, core);
    const gate = sharedPrefixGate(config, core);
    const guard = newJudgeGuard({ cache, limit: sharedJudgeLimit(config, core), timeoutMs: config.judging.timeoutMs ?? 0, seed: ctx.seed, ...(gate ? { gate } : {}) });
    const created: AnyJudge[] = [];
    const judges: SuiteJudge[] = [];
    for (const trained of entries) {
      // The stronger-judge pattern: an eval judge replaces the aspect's training judge (mode, samples and reference stay).
      const swap = o.judges?.[trained.aspect];
      const jc = swap ? { ...trained, judge: { plugin: swap.plugin, options: Object.fromEntries(Object.entries(swap).filter(([k]) => k !== 'plugin')) } } : trained;
      const judge = await ctx.create('judge', jc.judge);
      if (judge.kind !== jc.mode) {
        throw new SptError({
          code: 'config.judge-mode',
          what: `eval suite judged: the eval judge for ${jc.aspect} (${jc.judge.plugin}) is ${judge.kind}, but the recipe judges ${jc.aspect} ${jc.mode}`,
          expected: `a ${jc.mode} judge`,
          got: judge.kind,
          fix: `give a ${jc.mode} judge plugin for ${jc.aspect}`,
        });
      }
      created.push(judge);
      const identity = judgeIdentity(jc.judge.plugin, judge.version, jc.judge.options);
      judges.push({ config: jc, judge: judge.kind === 'pointwise' ? guardPointwise(judge, identity, jc.aspect, guard) : guardPairwise(judge, identity, jc.aspect, guard) });
    }
    // The run's own source when training made it (its task models load once); else this suite's.
    const ownsSource = ownsRunSource(core);
    const source = await runSource(config, core);
    return createJudgedSuite({
      config,
      heldOut: splitSource(source, config.data.holdout, 'heldout'),
      judges,
      maxDocuments: o.max_documents,
      log: (m) => ctx.log(m),
      close: async () => {
        await Promise.all([...created, ...(ownsSource ? [source] : [])].map((x) => x.close?.()));
        if (ownsCache) await cache?.close?.();
      },
    });
  },
});
