import { definePluginPackage } from '@spt/core';
import { testbedDataPlugin } from './plugins/data-plugin';
import { evalPlugin } from './plugins/eval-plugin';
import { factualityPlugin, noisyQualityPlugin, qualityDefectsPlugin, qualityPlugin, safetyPlugin } from './plugins/judge-plugins';
import { oraclePlugin } from './plugins/oracle-plugin';
import { corruptPlugin } from './plugins/corrupt-plugin';

/** The @spt/testbed plugin package: data `testbed`, judges, the oracle rewriter and the eval suite. */
const plugins = definePluginPackage({
  name: '@spt/testbed',
  version: '0.1.0',
  plugins: [testbedDataPlugin, safetyPlugin, factualityPlugin, qualityPlugin, qualityDefectsPlugin, noisyQualityPlugin, oraclePlugin, corruptPlugin, evalPlugin],
});
export default plugins;

export { buildWorld, hasPrefix, personOfDoc } from './world/build-world';
export { resolveWorldConfig, worldOptionsSchema, dataOptionsSchema, SIZE_PRESETS, WORLD_DEFAULTS, type WorldConfig, type WorldOptions, type WorldOptionsInput, type DataOptions, type WorldSize } from './world/options';
export type { World, Person } from './world/types';
export { ATTRIBUTES, type Attribute } from './world/template';
export { UNSAFE_MARKERS, isUnsafeWord } from './world/markers';
export { UNSAFE_TEMPLATES, CLAIM_TEMPLATES, FILLER_TEMPLATES } from './world/templates';
export { renderDocument } from './generate/render-doc';
export { createTestbedSource, corpusDocument, corpusIndex, type StreamOptions, type TestbedCursor } from './generate/testbed-source';
export type { DefectAnnotation, DefectKind, TestbedDocMeta } from './generate/doc-types';
export { analyze, analyzeContinuation, SENTENCE_DEFECTS, type Analysis, type AnalyzeInput, type SentenceDefect, type SentenceReport } from './analyze/analyze';
export type { Claim, ClaimStatus } from './analyze/claims';
export { personOfDocId, poolProfile, type PoolProfileRow } from './analyze/pool-profile';
export { createSafetyJudge, createFactualityJudge } from './judges/pointwise-judges';
export { createQualityJudge } from './judges/quality-judge';
export { compareProfiles, qualityProfile, claimCap, type QualityProfile } from './judges/quality-order';
export { oracleRewrite, isClean, type OracleResult } from './rewriter/oracle';
export { createOracleRewriter } from './plugins/oracle-plugin';
export { evalPrefixes, EVAL_KINDS, type EvalKind, type EvalPrefix, type EvalPrefixMeta, type EvalPrefixOptions } from './eval/eval-prefixes';
export { factAnswer, scoreContinuations, type FactAnswer } from './eval/score';
export { createTestbedEvalSuite } from './plugins/eval-plugin';
export { worldFor, worldKey } from './plugins/shared-world';
