import { didYouMean, type LrConfig } from '@spt/core';
import type { BlockNode, StatementNode, ValueNode } from '../ast/ast';
import type { RunConfigInput } from '../config/run-config-input';
import { describeAtoms } from './describe';
import { eachEntry, pathsUnder } from './each-entry';
import type { Lowering } from './lowering';
import { lowerPluginValue } from './lower-options';
import { ValueReader } from './read-value';

export const LR_FORM = 'lr: <peak> [constant | cosine | linear] [warmup <steps>] [min_ratio <x>]';

/**
 * `lr: 3e-4 cosine warmup 30 min_ratio 0.1`: peak first, then in any order a schedule name,
 * `warmup <steps>` and `min_ratio <fraction>`. Parts left out take their defaults.
 */
export function lowerLr(lo: Lowering, value: ValueNode, path: string): Partial<LrConfig> | undefined {
  const read = new ValueReader(lo);
  const [peak, ...rest] = value.atoms;
  const fail = (message: string, range = value.range) => {
    lo.error('option.form', message, range, { expected: LR_FORM, fix: 'write e.g. lr: 3e-4 cosine warmup 100', path });
    return undefined;
  };
  if (!peak || peak.kind !== 'number') return fail(`lr must start with the peak learning rate, got ${describeAtoms(peak ? [peak] : [])}`);
  const out: Partial<LrConfig> = {};
  const p = read.numberAtom(peak, 'lr');
  if (p === undefined) return undefined;
  out.peak = p;
  for (let i = 0; i < rest.length; i++) {
    const atom = rest[i];
    if (atom.kind !== 'word') return fail(`unexpected ${describeAtoms([atom])} in lr`, atom.range);
    if (atom.text === 'constant' || atom.text === 'cosine' || atom.text === 'linear') {
      out.schedule = atom.text;
      continue;
    }
    if (atom.text !== 'warmup' && atom.text !== 'min_ratio') {
      const hint = didYouMean(atom.text, ['constant', 'cosine', 'linear', 'warmup', 'min_ratio']);
      lo.error('option.form', `unexpected "${atom.text}" in lr`, atom.range, { expected: LR_FORM, fix: hint || 'write e.g. lr: 3e-4 cosine warmup 100', path });
      return undefined;
    }
    const next = rest[i + 1];
    if (!next) return fail(`"${atom.text}" needs a number after it`, atom.range);
    const n = read.numberAtom(next, atom.text, { integer: atom.text === 'warmup' });
    if (n === undefined) return undefined;
    if (atom.text === 'warmup') out.warmup = n;
    else out.minRatio = n;
    i++;
  }
  return out;
}

const TRAIN_KEYS = ['steps', 'batch', 'lr', 'seed', 'staleness', 'micro_batch', 'grad_clip', 'weight_decay'] as const;

/** `train { ... }` into the input; `steps` makes the single `main` phase. */
export function lowerTrain(lo: Lowering, block: BlockNode, input: RunConfigInput): void {
  const read = new ValueReader(lo);
  const train: NonNullable<RunConfigInput['train']> = {};
  const paths = { ...pathsUnder('train', TRAIN_KEYS), steps: 'phases.0.steps' };
  eachEntry(lo, block, 'train', TRAIN_KEYS, paths, (entry, key) => {
    if (key === 'lr') {
      const lr = lowerLr(lo, entry.value, 'train.lr');
      if (lr) train.lr = lr;
      return;
    }
    const n = read.number(entry.value, key, { integer: key !== 'grad_clip' && key !== 'weight_decay' });
    if (n === undefined) return;
    if (key === 'steps') input.steps = n;
    else if (key === 'batch') train.batch = n;
    else if (key === 'seed') train.seed = n;
    else if (key === 'staleness') train.staleness = n as 0 | 1;
    else if (key === 'micro_batch') train.microBatch = n;
    else if (key === 'grad_clip') train.gradClip = n;
    else train.weightDecay = n;
  });
  input.train = train;
}

/** `window { k, prefix, per_document }` */
export function lowerWindow(lo: Lowering, block: BlockNode, input: RunConfigInput): void {
  const read = new ValueReader(lo);
  const window: NonNullable<RunConfigInput['window']> = {};
  const paths = { k: 'window.k', prefix: 'window.prefixMin', per_document: 'window.perDocument' };
  eachEntry(lo, block, 'window', ['k', 'prefix', 'per_document'], paths, (entry, key) => {
    if (key === 'prefix') {
      lo.spans.set('window.prefixMax', entry.value.range);
      const single = entry.value.atoms.length === 1 && entry.value.atoms[0].kind === 'number';
      const range = single ? read.number(entry.value, key, { integer: true }) : read.range(entry.value, key);
      if (range === undefined) return;
      [window.prefixMin, window.prefixMax] = typeof range === 'number' ? [range, range] : range;
      return;
    }
    const n = read.number(entry.value, key, { integer: true });
    if (n === undefined) return;
    if (key === 'k') window.k = n;
    else window.perDocument = n;
  });
  input.window = window;
}

/** `judging { concurrency, max_abstention, cache }` */
export function lowerJudging(lo: Lowering, block: BlockNode, input: RunConfigInput): void {
  const read = new ValueReader(lo);
  const judging: NonNullable<RunConfigInput['judging']> = {};
  const keys = ['concurrency', 'max_abstention', 'cache', 'timeout', 'max_unusable_steps', 'warm_prefix'] as const;
  const paths = { ...pathsUnder('judging', keys), timeout: 'judging.timeoutMs' };
  eachEntry(lo, block, 'judging', keys, paths, (entry, key) => {
    if (key === 'timeout') {
      const atom = read.single(entry.value, key, 'a duration such as 30s, or milliseconds');
      if (atom?.kind === 'duration') judging.timeoutMs = atom.ms;
      else if (atom) {
        const ms = read.numberAtom(atom, 'timeout');
        if (ms !== undefined) judging.timeoutMs = ms;
      }
      return;
    }
    if (key === 'warm_prefix') {
      const on = read.word(entry.value, key, ['true', 'false']);
      if (on !== undefined) judging.warmPrefix = on === 'true';
      return;
    }
    if (key === 'cache') {
      const cache = read.text(entry.value, key);
      if (cache !== undefined) judging.cache = cache;
      return;
    }
    const n = read.number(entry.value, key, { integer: key === 'concurrency' || key === 'max_unusable_steps' });
    if (n === undefined) return;
    if (key === 'concurrency') judging.concurrency = n;
    else if (key === 'max_unusable_steps') judging.maxUnusableSteps = n;
    else judging.maxAbstention = n;
  });
  input.judging = judging;
}

/** `eval every N { prefixes, against, seeds, prompt_seed, suite }`, `checkpoint every N { keep }` and `pools every N { max }` */
export function lowerEvery(lo: Lowering, s: Extract<StatementNode, { kind: 'eval' | 'checkpoint' | 'pools' }>, input: RunConfigInput): void {
  const read = new ValueReader(lo);
  const out: Record<string, unknown> = {};
  if (s.every) {
    lo.spans.set(`${s.kind}.every`, s.every.range);
    const n = read.numberAtom(s.every, 'every', { integer: true });
    if (n !== undefined) out.every = n;
  }
  const keys = s.kind === 'eval' ? ['every', 'prefixes', 'against', 'seeds', 'prompt_seed', 'suite'] : s.kind === 'pools' ? ['every', 'max'] : ['every', 'keep'];
  eachEntry(lo, s.options, s.kind, keys, pathsUnder(s.kind, keys), (entry, key) => {
    if (key === 'every' && s.every) {
      lo.error('option.duplicate', 'option "every" is given twice', entry.key.range, {
        expected: 'each option once',
        fix: `remove it (${s.kind} already says every ${s.every.raw})`,
      });
      return;
    }
    if (key === 'suite') {
      out.suite = lowerPluginValue(lo, entry.value, 'eval.suite');
      return;
    }
    const v = key === 'against' ? read.text(entry.value, key) : read.number(entry.value, key, { integer: true });
    if (v !== undefined) out[key === 'prompt_seed' ? 'promptSeed' : key] = v;
  });
  if (s.kind === 'eval') input.eval = out;
  else if (s.kind === 'pools') input.pools = out;
  else input.checkpoint = out;
}
