import { z } from 'zod';
import { splitSource } from '../data/holdout';
import { SptError } from '../errors';
import { guardPairwise, guardPointwise, newJudgeGuard } from '../judging/guarded-judge';
import { judgeIdentity } from '../judging/cache-key';
import { hasSharedJudgingCache, sharedJudgeLimit, sharedJudgingCache } from '../judging/run-judging';
import type { CorePluginContext } from '../run/plugin-context';
import type { EvalSuite } from '../spec/eval-suite';
import type { AnyJudge } from '../spec/judge';
import { definePlugin, type PluginContext } from '../spec/plugin';
import { createJudgedSuite, type SuiteJudge } from './judged-suite';

interface JudgedOptions {
  aspects?: string[];
  max_documents: number;
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
    const ownsCache = !hasSharedJudgingCache(core);
    const cache = await sharedJudgingCache(config, core);
    const guard = newJudgeGuard({ cache, limit: sharedJudgeLimit(config, core), timeoutMs: config.judging.timeoutMs ?? 0, seed: ctx.seed });
    const created: AnyJudge[] = [];
    const judges: SuiteJudge[] = [];
    for (const jc of entries) {
      const judge = await ctx.create('judge', jc.judge);
      created.push(judge);
      const identity = judgeIdentity(jc.judge.plugin, judge.version, jc.judge.options);
      judges.push({ config: jc, judge: judge.kind === 'pointwise' ? guardPointwise(judge, identity, jc.aspect, guard) : guardPairwise(judge, identity, jc.aspect, guard) });
    }
    const source = await ctx.create('data', config.data);
    return createJudgedSuite({
      config,
      heldOut: splitSource(source, config.data.holdout, 'heldout'),
      judges,
      maxDocuments: o.max_documents,
      log: (m) => ctx.log(m),
      close: async () => {
        await Promise.all(created.map((j) => j.close?.()));
        if (ownsCache) await cache?.close?.();
      },
    });
  },
});
