import type { CandidatesConfig, LrConfig, ObjectiveConfig, RunConfig } from '@spt/core';
import { didYouMean } from '@spt/core';
import { writtenSourceName } from '../compile/source-name';
import type { IssueSink } from './issues';
import { allPhases, needsJudges, needsPool, poolSize, poolSources } from './pool';

/** Policy option names that give the model's context length, in the order they are looked up. */
const CONTEXT_KEYS = ['context', 'context_length', 'max_seq_len', 'block_size', 'n_ctx', 'max_position_embeddings'];

/** Window limits, and K + longest prefix against the policy's context when its options say it. */
export function checkWindow(sink: IssueSink, config: RunConfig, policyOptions: Record<string, unknown> | undefined): void {
  if (config.data.holdout !== undefined) sink.number('data.holdout', 'the held-out share of documents', config.data.holdout, { above: 0, max: 0.99 });
  const w = config.window;
  sink.number('window.k', 'k', w.k, { integer: true, min: 1 });
  sink.number('window.perDocument', 'per_document', w.perDocument, { integer: true, min: 1 });
  if (!sink.number('window.prefixMin', 'the shortest prefix', w.prefixMin, { integer: true, min: 1 })) return;
  if (!sink.number('window.prefixMax', 'the longest prefix', w.prefixMax, { integer: true, min: 1 })) return;
  if (w.prefixMin > w.prefixMax) {
    sink.error('window.prefix', 'window.prefixMin', `the prefix range ${w.prefixMin}..${w.prefixMax} is empty`, {
      expected: 'prefix: <min>..<max> with min <= max',
      fix: `write prefix: ${w.prefixMax}..${w.prefixMin}`,
    });
    return;
  }
  const key = CONTEXT_KEYS.find((k) => typeof policyOptions?.[k] === 'number');
  const context = key ? (policyOptions![key] as number) : undefined;
  if (context !== undefined && w.k + w.prefixMax > context) {
    sink.error('window.too-long', 'window.k', `k ${w.k} + the longest prefix ${w.prefixMax} = ${w.k + w.prefixMax} tokens, more than the policy's ${key} of ${context}`, {
      expected: `k + longest prefix <= ${context}`,
      fix: context > w.k ? `lower the prefix to at most ${context - w.k}, or raise the policy's ${key}` : `lower k below ${context}`,
    });
  }
}

function checkCandidates(sink: IssueSink, c: CandidatesConfig, path: string): void {
  if (c.rewriteFit !== undefined && !['keep', 'pad_eos', 'drop'].includes(c.rewriteFit)) {
    sink.error('option.range', `${path}.rewriteFit`, `fit must be keep, pad_eos or drop, got ${String(c.rewriteFit)}`, {
      expected: 'keep, pad_eos or drop',
      fix: 'write fit: keep',
    });
  }
  if (!c.rollouts) return;
  sink.number(`${path}.rollouts.n`, 'rollouts', c.rollouts.n, { integer: true, min: 1 });
  sink.number(`${path}.rollouts.temperature`, 'temperature', c.rollouts.temperature, { min: 0 });
  sink.number(`${path}.rollouts.topP`, 'top_p', c.rollouts.topP, { above: 0, max: 1 });
}

function checkLr(sink: IssueSink, lr: LrConfig, path: string): void {
  sink.number(`${path}.peak`, 'the peak learning rate', lr.peak, { above: 0 });
  sink.number(`${path}.warmup`, 'warmup', lr.warmup, { integer: true, min: 0 });
  sink.number(`${path}.minRatio`, 'min_ratio', lr.minRatio, { min: 0, max: 1 });
}

function checkObjective(sink: IssueSink, config: RunConfig, o: ObjectiveConfig, c: CandidatesConfig, path: string, label: string): void {
  if (o.kind === 'online_dpo') {
    sink.number(`${path}.beta`, 'beta', o.beta, { above: 0 });
    sink.number(`${path}.nllAlpha`, 'nll_alpha', o.nllAlpha, { min: 0 });
    if (o.ntpAlpha !== undefined) sink.number(`${path}.ntpAlpha`, 'ntp_alpha', o.ntpAlpha, { min: 0 });
    if (o.pairsPerPool !== undefined) sink.number(`${path}.pairsPerPool`, 'pairs_per_pool', o.pairsPerPool, { integer: true, min: 1 });
    if (o.minGap !== undefined) sink.number(`${path}.minGap`, 'min_gap', o.minGap, { min: 0 });
    if (o.reference.kind === 'sync') sink.number(`${path}.reference`, 'sync every', o.reference.every, { integer: true, min: 1 });
  }
  if (!needsPool(o)) return;
  const size = poolSize(c);
  const sources = poolSources(c);
  if (size === 0) {
    sink.error('candidates.empty', path, `${label} trains with ${o.kind} but its candidate pool is empty`, {
      expected: 'candidates { original; rewrite <plugin>; rollouts <n> }',
      fix: 'list at least one source in candidates',
    });
    return;
  }
  if (o.kind === 'sft' && !sources.includes(o.source)) {
    const known = sources.map(writtenSourceName);
    sink.error('objective.source', `${path}.source`, `sft trains on "${writtenSourceName(o.source)}", which is not in the candidates of ${label}`, {
      expected: `one of: ${known.join(', ')}`,
      fix: didYouMean(writtenSourceName(o.source), known) || `add ${writtenSourceName(o.source)} to candidates`,
    });
  }
  if (needsJudges(o) && config.judges.length === 0) {
    sink.error('objective.needs-judge', path, `${o.kind} ranks candidates by reward, but no judge is configured`, {
      expected: 'at least one judge: judge <aspect> <plugin>',
      fix: 'add a judge, or train with ntp or sft <source>',
    });
  }
  if (o.kind === 'online_dpo' && o.pairsPerPool !== undefined && o.pairsPerPool > size - 1) {
    sink.error('objective.pairs-per-pool', `${path}.pairsPerPool`, `pairs_per_pool ${o.pairsPerPool} asks for more pairs than ${label}'s pool of ${size} candidates can give (${size - 1} besides the chosen one)`, {
      expected: `pairs_per_pool between 1 and ${size - 1}`,
      fix: `set pairs_per_pool: ${Math.max(1, size - 1)}, or add candidates`,
    });
  }
  if (o.kind === 'grpo') {
    sink.number(`${path}.clip`, 'clip', o.clip, { above: 0, max: 0.99 });
    sink.number(`${path}.klBeta`, 'kl_beta', o.klBeta, { min: 0 });
  }
  const rollouts = c.rollouts?.n ?? 0;
  if (o.kind === 'grpo' && rollouts < 2) {
    sink.error('candidates.too-few', path, `grpo compares the policy's own samples, but ${label} has ${rollouts} rollout(s)`, {
      expected: 'rollouts <n> with n >= 2 in candidates (the group size)',
      fix: 'add rollouts 8 { temperature: 1.0 } to candidates',
    });
  }
  if (o.kind === 'online_dpo' && size < 2) {
    sink.error('candidates.too-few', path, `online_dpo needs two candidates per prefix, but ${label} has ${size}`, {
      expected: 'at least two candidates (e.g. original and rollouts 1)',
      fix: 'add rollouts or a rewrite to candidates',
    });
  }
}

/** Phases and arms: steps, unique names, objectives against their pools, lr overrides. */
export function checkPhases(sink: IssueSink, config: RunConfig): void {
  const phases = allPhases(config);
  if (phases.length === 0) {
    sink.error('train.no-steps', 'phases', 'the run has no training steps', {
      expected: 'train { steps: <n> }, or phase blocks with steps',
      fix: 'add steps: <n> to train',
    });
  }
  const names = new Set<string>();
  for (const { phase, path, label } of phases) {
    sink.number(`${path}.steps`, 'steps', phase.steps, { integer: true, min: 1 });
    const scope = path.startsWith('arms.') ? path.split('.phases')[0] : 'phases';
    if (names.has(`${scope}/${phase.name}`)) {
      sink.error('phase.duplicate-name', `${path}.name`, `two phases are named "${phase.name}"`, { expected: 'unique phase names', fix: 'rename one' });
    }
    names.add(`${scope}/${phase.name}`);
    if (phase.candidates) checkCandidates(sink, phase.candidates, `${path}.candidates`);
    if (phase.lr) checkLr(sink, phase.lr, `${path}.lr`);
    checkObjective(sink, config, phase.objective, phase.candidates ?? config.candidates, `${path}.objective`, label);
    const lr = phase.lr ?? config.train.lr;
    if (lr.warmup >= phase.steps && phase.steps > 0) {
      sink.warn('train.warmup', phase.lr ? `${path}.lr` : 'train.lr', `warmup of ${lr.warmup} steps is not shorter than ${label} (${phase.steps} steps)`, {
        expected: 'warmup shorter than the phase',
        fix: `lower warmup below ${phase.steps}`,
      });
    }
  }
  const arms = new Set<string>();
  config.arms.forEach((arm, i) => {
    if (arm.name === 'start' || arms.has(arm.name)) {
      sink.error('arm.name', `arms.${i}.name`, arm.name === 'start' ? '"start" names the shared checkpoint; an arm cannot use it' : `two arms are named "${arm.name}"`, {
        expected: 'unique arm names other than start',
        fix: 'rename the arm',
      });
    }
    arms.add(arm.name);
  });
}

/** Train, judging, eval and checkpoint settings. */
export function checkSettings(sink: IssueSink, config: RunConfig): void {
  const t = config.train;
  sink.number('train.batch', 'batch', t.batch, { integer: true, min: 1 });
  checkLr(sink, t.lr, 'train.lr');
  sink.number('train.seed', 'seed', t.seed, { integer: true, min: 0, max: 2 ** 32 - 1 });
  if (t.staleness !== 0 && t.staleness !== 1) {
    sink.error('option.range', 'train.staleness', `staleness must be 0 or 1, got ${String(t.staleness)}`, {
      expected: '0 (on-policy) or 1 (generate the next step while this one updates)',
      fix: 'set staleness to 0 or 1',
    });
  }
  if (t.microBatch !== undefined && sink.number('train.microBatch', 'micro_batch', t.microBatch, { integer: true, min: 1, max: Math.max(t.batch, 1) }) && t.batch % t.microBatch !== 0) {
    sink.warn('train.micro-batch', 'train.microBatch', `micro_batch ${t.microBatch} does not divide batch ${t.batch}`, {
      expected: 'a divisor of batch',
      fix: 'pick a micro_batch that divides batch evenly',
    });
  }
  if (t.gradClip !== undefined) sink.number('train.gradClip', 'grad_clip', t.gradClip, { min: 0 });
  if (t.weightDecay !== undefined) sink.number('train.weightDecay', 'weight_decay', t.weightDecay, { min: 0 });
  checkCandidates(sink, config.candidates, 'candidates');
  const j = config.judging;
  sink.number('judging.concurrency', 'concurrency', j.concurrency, { integer: true, min: 1 });
  sink.number('judging.maxAbstention', 'max_abstention', j.maxAbstention, { min: 0, max: 1 });
  if (j.maxUnusableSteps !== undefined) sink.number('judging.maxUnusableSteps', 'max_unusable_steps', j.maxUnusableSteps, { integer: true, min: 1 });
  if (j.timeoutMs !== undefined) sink.number('judging.timeoutMs', 'timeout (ms)', j.timeoutMs, { min: 0 });
  if (!j.cache) sink.error('option.range', 'judging.cache', 'cache must not be empty', { expected: 'memory, none or a file path', fix: 'write cache: memory' });
  if (config.eval) {
    const e = config.eval;
    sink.number('eval.every', 'every', e.every, { integer: true, min: 0 });
    sink.number('eval.prefixes', 'prefixes', e.prefixes, { integer: true, min: 1 });
    sink.number('eval.seeds', 'seeds', e.seeds, { integer: true, min: 1 });
    if (e.promptSeed !== undefined) sink.number('eval.promptSeed', 'prompt_seed', e.promptSeed, { integer: true, min: 0, max: 2 ** 32 - 1 });
    const arms = config.arms.map((a) => a.name);
    const isPath = /[/\\.]/.test(e.against);
    if (e.against !== 'start' && !isPath && !arms.includes(e.against)) {
      sink.error('eval.against', 'eval.against', `eval compares against "${e.against}", which is not an arm`, {
        expected: `start, an arm (${arms.join(', ') || 'none defined'}) or a checkpoint path in "quotes"`,
        fix: didYouMean(e.against, ['start', ...arms]) || 'write against: start',
      });
    }
  }
  sink.number('checkpoint.every', 'every', config.checkpoint.every, { integer: true, min: 0 });
  sink.number('checkpoint.keep', 'keep', config.checkpoint.keep, { integer: true, min: 1 });
  if (config.pools) {
    sink.number('pools.every', 'every', config.pools.every, { integer: true, min: 1 });
    sink.number('pools.max', 'max', config.pools.max, { integer: true, min: 1 });
  }
}
