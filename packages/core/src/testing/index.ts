/**
 * @spt/core/testing: recording mocks for every contract, a tiny deterministic pure-JS policy
 * backend, scripted judges, a mock world, and the judge conformance suite for plugin authors.
 */
export { createByteTokenizer } from './byte-tokenizer';
export { createBigramBackend, type BigramBackend, type BigramBackendOptions, type BackendCall } from './bigram-backend';
export { createBigramModel, rowProbs, sampleSequence, tokenLogprobs, type BigramModel } from './bigram-model';
export { bigramLossAndGrad, type BigramStep } from './bigram-updates';
export {
  cleanliness,
  createCleanPairwiseJudge,
  createCleanPointwiseJudge,
  createScriptedPairwiseJudge,
  createScriptedPointwiseJudge,
  type FaultOptions,
  type JudgeCall,
  type ScriptedPairwise,
  type ScriptedPointwise,
} from './mock-judges';
export {
  cleanText,
  createCleaningRewriter,
  createMemoryDocumentSource,
  createMockDocumentSource,
  createRecordingRewriter,
  mockDocument,
} from './mock-world';
export {
  createMemoryCheckpointStore,
  createRecordingCompletionModel,
  createRecordingMetricsSink,
  createRecordingObserver,
  recordCalls,
  type RecordedCall,
} from './recording';
export { createMockEvalSuite } from './mock-eval';
export { mockRunConfig, testingPlugins } from './plugins';
export { describeJudgeConformance, type ConformanceOptions, type ConformanceTestApi } from './judge-conformance';
export { createCallClock, timingPlugins, type CallClock } from './timing-plugins';
export { withVerdictNoise, type VerdictNoise } from './verdict-noise';
export { describeBackendConformance, type BackendConformanceOptions } from './backend-conformance';
