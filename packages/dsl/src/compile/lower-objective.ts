import type { ReferencePolicy } from '@spt/core';
import { didYouMean } from '@spt/core';
import type { EntryNode, StatementNode } from '../ast/ast';
import type { ObjectiveInput } from '../config/run-config-input';
import { eachEntry } from './each-entry';
import { lowerOptions } from './lower-options';
import type { Lowering } from './lowering';
import { ValueReader } from './read-value';
import { sourceName } from './source-name';

type ObjectiveNode = Extract<StatementNode, { kind: 'objective' }>;

export const OBJECTIVES = ['online_dpo', 'grpo', 'rf_nll', 'ntp', 'sft'] as const;
const GRPO_KEYS = ['clip', 'kl_beta', 'variant'] as const;
const DPO_KEYS = ['beta', 'reference', 'nll_alpha', 'ntp_alpha', 'pairs_per_pool', 'min_gap', 'ties'] as const;

/** `objective online_dpo { beta, reference: frozen | sync every N, nll_alpha, ntp_alpha, pairs_per_pool, min_gap, ties: skip }`, `rf_nll`, `ntp`, `sft <source>`. */
export function lowerObjective(lo: Lowering, node: ObjectiveNode, path: string): ObjectiveInput | undefined {
  const name = node.name.text;
  lo.spans.set(path, node.name.range);
  lo.spans.set(`${path}.kind`, node.name.range);
  if (!(OBJECTIVES as readonly string[]).includes(name)) {
    if (name === '') return undefined;
    if (name.includes('.')) {
      // An objective plugin (`<package>.<what>`): its options go to the plugin, checked against its manifest.
      if (node.arg) {
        lo.error('objective.argument', `objective ${name} takes no argument, got "${node.arg.text}"`, node.arg.range, {
          expected: `objective ${name} { <options> }`,
          fix: `remove "${node.arg.text}" (plugin objectives take options in a block)`,
          path,
        });
      }
      lo.spans.set(`${path}.plugin`, node.name.range);
      return { kind: 'plugin', plugin: name, options: lowerOptions(lo, node.options, `${path}.options`) };
    }
    lo.error('objective.unknown', `unknown objective "${name}"`, node.name.range, {
      expected: `one of: ${OBJECTIVES.join(', ')}, or an objective plugin <package>.<name>`,
      fix: didYouMean(name, OBJECTIVES) || 'use online_dpo (the paper), grpo, rf_nll, ntp (plain pretraining) or sft <source>',
      path,
    });
    return undefined;
  }
  if (name === 'sft') {
    if (node.options) noOptions(lo, node, 'sft');
    if (!node.arg) {
      lo.error('objective.source', 'sft needs the source to train on', node.name.range, {
        expected: 'objective sft <source>, e.g. objective sft rewrite',
        fix: 'name a source of the pool: original, rewrite, rollouts or an extra source',
        path,
      });
      return undefined;
    }
    lo.spans.set(`${path}.source`, node.arg.range);
    return { kind: 'sft', source: sourceName(node.arg.text) };
  }
  if (node.arg) {
    lo.error('objective.argument', `${name} takes no argument, got "${node.arg.text}"`, node.arg.range, {
      expected: `objective ${name}${name === 'online_dpo' || name === 'grpo' ? ' { ... }' : ''}`,
      fix: `remove "${node.arg.text}"`,
      path,
    });
  }
  if (name === 'grpo') {
    const read = new ValueReader(lo);
    const out: Extract<ObjectiveInput, { kind: 'grpo' }> = { kind: 'grpo' };
    const paths = { clip: `${path}.clip`, kl_beta: `${path}.klBeta`, variant: `${path}.variant` };
    eachEntry(lo, node.options, 'grpo', GRPO_KEYS, paths, (entry, key) => {
      if (key === 'clip') out.clip = read.number(entry.value, key) ?? out.clip;
      else if (key === 'kl_beta') out.klBeta = read.number(entry.value, key) ?? out.klBeta;
      else out.variant = read.word(entry.value, key, ['grpo', 'dr_grpo']) ?? out.variant;
    });
    return out;
  }
  if (name !== 'online_dpo') {
    if (node.options) noOptions(lo, node, name);
    return { kind: name as 'rf_nll' | 'ntp' };
  }
  const read = new ValueReader(lo);
  const out: Extract<ObjectiveInput, { kind: 'online_dpo' }> = { kind: 'online_dpo' };
  const paths = { beta: `${path}.beta`, reference: `${path}.reference`, nll_alpha: `${path}.nllAlpha`, ntp_alpha: `${path}.ntpAlpha`, pairs_per_pool: `${path}.pairsPerPool`, min_gap: `${path}.minGap`, ties: `${path}.ties` };
  eachEntry(lo, node.options, 'online_dpo', DPO_KEYS, paths, (entry, key) => {
    if (key === 'beta') out.beta = read.number(entry.value, key) ?? out.beta;
    else if (key === 'nll_alpha') out.nllAlpha = read.number(entry.value, key) ?? out.nllAlpha;
    else if (key === 'ntp_alpha') out.ntpAlpha = read.number(entry.value, key) ?? out.ntpAlpha;
    else if (key === 'pairs_per_pool') out.pairsPerPool = read.number(entry.value, key) ?? out.pairsPerPool;
    else if (key === 'min_gap') out.minGap = read.number(entry.value, key) ?? out.minGap;
    else if (key === 'ties') out.ties = read.word(entry.value, key, ['skip']) ?? out.ties;
    else out.reference = reference(lo, entry, `${path}.reference`) ?? out.reference;
  });
  return out;
}

function noOptions(lo: Lowering, node: ObjectiveNode, name: string): void {
  lo.error('objective.options', `${name} takes no options`, node.options!.range, {
    expected: `objective ${name}${name === 'sft' ? ' <source>' : ''}`,
    fix: 'remove the { ... } block',
  });
}

/** `reference: frozen` or `reference: sync every <steps>` */
function reference(lo: Lowering, entry: EntryNode, path: string): ReferencePolicy | undefined {
  const a = entry.value.atoms;
  if (a.length === 1 && a[0].kind === 'word' && a[0].text === 'frozen') return { kind: 'frozen' };
  if (a.length === 3 && a[0].kind === 'word' && a[0].text === 'sync' && a[1].kind === 'word' && a[1].text === 'every') {
    const every = new ValueReader(lo).numberAtom(a[2], 'sync every', { integer: true });
    return every === undefined ? undefined : { kind: 'sync', every };
  }
  lo.error('option.form', 'reference must be "frozen" or "sync every <steps>"', entry.value.range, {
    expected: 'reference: frozen | sync every <steps>',
    fix: 'write reference: frozen (the start model) or reference: sync every 100',
    path,
  });
  return undefined;
}
