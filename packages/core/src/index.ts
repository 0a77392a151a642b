import 'reflect-metadata';

export * from './spec/index';
export { SptError, formatErrorMessage, type SptErrorDetails } from './errors';
export { createRng, deriveSeed, type Rng, type RngState } from './util/rng';
export { closest, didYouMean, editDistance } from './util/closest';
export { PluginRegistry, unknownPluginError } from './plugins/registry';
export { createSptContainer, createRegistry } from './plugins/container';
export { loadPluginPackage } from './plugins/load-package';
export { validateOptions, describeValue, type OptionIssue, type OptionsResult } from './plugins/validate-options';

// The SIP scheduler: embedding API
export { createRun } from './run/create-run';
export { corePlugins, jsonlDataPlugin, textDataPlugin, jsonlMetricsPlugin } from './builtins/core-plugins';
export { createEventHub, type EventHub } from './run/event-hub';
export { createPluginContext } from './run/plugin-context';
// Evaluation, shared by `spt eval` and the in-loop evaluation points
export { suiteRef, evalPromptSeed } from './eval/suite-ref';
export { greedyContinuations } from './eval/greedy-continuations';
export { checkContinuationCount } from './eval/check-continuations';
// Pure maths of the method
export { scheduleValue, progress, validateSchedule } from './schedule/schedule';
export { learningRate } from './schedule/lr-schedule';
export { compileReward, sumOfAspects, expressionRewardShaper, type CompiledReward, type AspectScores } from './reward/compile-reward';
export { shapeRewards, shapedBounds } from './reward/shape-pool';
export { scheduledOption, valueAt, rankNormalize, zscore, lengthPenaltyShaper, gateShaper, sourceBonusShaper, normalizeShaper } from './reward/builtin-shapers';
export { planComparisons, winFractions, type Comparison, type ComparisonOutcome, type Pairing } from './judging/tournament';
export { bracketScores, bradleyTerry, type PlayedMatch } from './judging/bradley-terry';
export { pairingName, pivotOf, raceOf, usesBrackets } from './judging/knockout';
export { errorRateFromDisagreement, poolCalibration, raceMargin, stepCalibration, type RaceCalibration, type RaceEstimate } from './judging/calibration';
export { selectDpoPair, selectBest, type PairSelection, type SkipReason } from './objectives/select-targets';
export { createObjective } from './objectives/create-objective';
export type { CoreObjective, ObjectiveOutput, PoolPick } from './objectives/core-objective';
export { buildDpo, type DpoOptions } from './objectives/online-dpo';
export { buildRfNll, buildSft, buildNtp } from './objectives/nll-objectives';
export { createCurriculum, joinsPool, canonicalSource } from './pool/curriculum';
export { fitToK, type FitRule } from './pool/fit-tokens';
export { createOriginalSource, createRolloutSource, createRewriteSource, type CoreSourceContext } from './pool/builtin-sources';
// Data, judging, checkpoints, metrics
export { createRandomSplitWindower, splitRange, drawSplitPoints, cutWindows, taskSplitAt } from './data/windower';
export { createJsonlSource, openShardStream, type JsonlSourceOptions, type ShardCursor } from './data/jsonl-source';
export { createTextSource, type TextSourceOptions } from './data/text-source';
export { isHeldOut, splitSource } from './data/holdout';
export { createJudgedSuite, type JudgedSuiteDeps, type SuiteJudge } from './eval/judged-suite';
export { judgedEvalPlugin } from './eval/judged-plugin';
export { createExactVerifier, createJsonFieldVerifier, createRegexVerifier } from './verifiers/verifiers';
export { groupAdvantages, grpoLoss, type GrpoLossSample, type GrpoVariant } from './objectives/grpo-math';
export { buildGrpo, type GrpoOptions } from './objectives/grpo';
export { guardPairwise, guardPointwise, newJudgeGuard, type JudgeGuard } from './judging/guarded-judge';
export { withJudgmentCache } from './judging/with-cache';
export { scaleSteps, totalSteps } from './run/scale-steps';
export { FATAL_CODES, SETUP_ERROR_CODES, isFatalJudgingError } from './judging/call-judge';
export { listShards } from './data/shard-files';
export { readLines, readAllText, openDecompressed, createZstdDecompressStream } from './data/read-lines';
export { judgePool, abstentionRate, emptyJudgingStats, stepCalibrations, type PoolJudge, type JudgingStats, type StepCalibrations } from './judging/judge-pool';
export { createPrefixGate, type PrefixGate } from './judging/prefix-gate';
export { createMemoryJudgmentCache } from './judging/memory-cache';
export { judgmentKey, hashValue, stableStringify } from './judging/cache-key';
export { createFsCheckpointStore, type FsCheckpointStoreOptions } from './checkpoint/fs-checkpoint-store';
export { verifyCheckpoint, type CheckpointManifest } from './checkpoint/manifest';
export { createJsonlAppender, createJsonlMetricsSink, readJsonl, readMetrics, truncateLines } from './metrics/jsonl-metrics';
export { poolLogRecords, type PoolLogRecord } from './metrics/pool-log';
export { maxPoolSize } from './pool/pool-size';
export { stepMetrics, isTimingMetric, type StepSummary } from './metrics/step-metrics';
export { pairPrompt, pointPrompt, rewritePrompt, taskText, type JudgeTaskAspect } from './tasks/task-prompts';
export { judgeTasksPlugin, rewriteTasksPlugin } from './tasks/task-plugins';
