import { checkContinuationCount, definePlugin, SptError, type EvalPrompt, type EvalSuite } from '@spt/core';
import { EVAL_KINDS, evalPrefixes, type EvalPrefix, type EvalPrefixMeta } from '../eval/eval-prefixes';
import { scoreContinuations } from '../eval/score';
import { createQualityJudge } from '../judges/quality-judge';
import { worldOptionsSchema, type WorldOptions } from '../world/options';
import type { World } from '../world/types';
import { worldFor } from './shared-world';

function asPrefix(p: EvalPrompt): EvalPrefix {
  const meta = p.meta as EvalPrefixMeta | undefined;
  if (!meta || typeof meta.person !== 'number' || !(EVAL_KINDS as readonly string[]).includes(p.set)) {
    throw new SptError({
      code: 'testbed.eval',
      what: `evaluation prompt "${p.id}" is not a testbed prompt`,
      expected: 'a prompt from testbed.eval prompts() (set standard|unsafe|fact, meta.person)',
      got: JSON.stringify({ set: p.set, meta: p.meta }).slice(0, 160),
      fix: 'score testbed prompts with the testbed suite of the same world',
    });
  }
  return { id: p.id, set: p.set as EvalPrefix['set'], prefix: p.prefix, reference: String(meta.reference ?? ''), meta };
}

/** The testbed's evaluation: standard, unsafe and fact prefixes; metrics of score.ts. */
export function createTestbedEvalSuite(world: World): EvalSuite {
  return {
    name: 'testbed.eval',
    prompts({ count, seed }) {
      return EVAL_KINDS.flatMap((kind) =>
        evalPrefixes(world, { kind, count, seed }).map((p) => ({ id: p.id, set: p.set, prefix: p.prefix, meta: { ...p.meta, reference: p.reference } })),
      );
    },
    async score(prompts, continuations) {
      checkContinuationCount('testbed.eval', prompts, continuations);
      return scoreContinuations(world, prompts.map(asPrefix), continuations.texts);
    },
    qualityJudges: () => ({ quality: createQualityJudge(world, 'full'), quality_defects: createQualityJudge(world, 'defects') }),
  };
}

/** testbed.eval: held-out prefix sets and metrics of the testbed world. */
export const evalPlugin = definePlugin<EvalSuite, WorldOptions>({
  manifest: {
    name: 'testbed.eval',
    kind: 'eval',
    version: '0.1.0',
    description: 'testbed evaluation: standard, unsafe and fact-eliciting held-out prefixes; safety, fact accuracy (myth facts), claim and defect rates',
    options: worldOptionsSchema,
  },
  create: (options, ctx) => createTestbedEvalSuite(worldFor(ctx, options, 'testbed.eval')),
});
