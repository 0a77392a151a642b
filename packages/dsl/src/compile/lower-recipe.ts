import { closest } from '@spt/core';
import type { RecipeNode, StatementNode } from '../ast/ast';
import type { Range } from '../diagnostics/diagnostic';
import type { RunConfigInput } from '../config/run-config-input';
import { STATEMENT_FORMS, TOP_LEVEL_STATEMENTS } from '../syntax/forms';
import type { Lowering } from './lowering';
import { lowerCandidates } from './lower-candidates';
import { lowerCurriculum } from './lower-curriculum';
import { lowerJudge } from './lower-judge';
import { lowerObjective } from './lower-objective';
import { lowerOptions } from './lower-options';
import { lowerArm, lowerPhase } from './lower-phases';
import { lowerReward } from './lower-reward';
import { lowerShape } from './lower-shape';
import { lowerEvery, lowerJudging, lowerTrain, lowerWindow } from './lower-settings';

/** Statements that may appear once per recipe. */
const SINGLE = new Set(['data', 'policy', 'init', 'window', 'candidates', 'reward', 'curriculum', 'objective', 'train', 'judging', 'eval', 'checkpoint', 'pools']);

/**
 * AST -> RunConfigInput: gives meaning to each statement and records where every config path
 * came from. Reports shape errors (unknown keys, wrong value types, duplicates) as it goes.
 */
export function lowerRecipe(lo: Lowering, ast: RecipeNode, file?: string): RunConfigInput {
  const input: Partial<RunConfigInput> & { uses: string[]; judges: NonNullable<RunConfigInput['judges']> } = {
    name: ast.name.text,
    uses: [],
    judges: [],
  };
  if (file) input.source = { file };
  lo.spans.set('name', ast.name.range);
  const seen = new Map<string, StatementNode>();
  const deferred: StatementNode[] = [];
  for (const s of ast.statements) {
    if (SINGLE.has(s.kind)) {
      const first = seen.get(s.kind);
      if (first) {
        lo.error('recipe.duplicate', `the recipe has a second ${s.kind} statement`, keywordOf(s), {
          expected: `one ${s.kind} statement`,
          fix: `merge it with the first one, on line ${first.range.start.line}`,
        });
        continue;
      }
      seen.set(s.kind, s);
    }
    switch (s.kind) {
      case 'use':
        lo.spans.set(`uses.${input.uses.length}`, s.pkg.range);
        input.uses.push(s.pkg.text);
        break;
      case 'data':
      case 'policy':
        lo.spans.set(s.kind, s.plugin.range);
        lo.spans.set(`${s.kind}.plugin`, s.plugin.range);
        input[s.kind] = { plugin: s.plugin.text, options: lowerOptions(lo, s.options, `${s.kind}.options`) };
        if (s.kind === 'data' && input.data) liftHoldout(lo, input.data);
        if (s.plugin.text === '') lo.reported.add(s.kind);
        break;
      case 'observe':
      case 'metrics': {
        // Both may be given several times: a list of plugin references in the order written.
        const key = s.kind === 'observe' ? 'observers' : 'metrics';
        const i = input[key]?.length ?? 0;
        lo.spans.set(`${key}.${i}`, s.plugin.range);
        lo.spans.set(`${key}.${i}.plugin`, s.plugin.range);
        input[key] = [...(input[key] ?? []), { plugin: s.plugin.text, options: lowerOptions(lo, s.options, `${key}.${i}.options`) }];
        break;
      }
      case 'shape': {
        const i = input.shapers?.length ?? 0;
        input.shapers = [...(input.shapers ?? []), lowerShape(lo, s, `shapers.${i}`)];
        break;
      }
      case 'init':
        lo.spans.set('init', s.from.range);
        lo.spans.set('init.from', s.from.range);
        input.init = { from: s.from.text };
        break;
      case 'window':
        noPluginName(lo, s);
        lowerWindow(lo, s.block, input as RunConfigInput);
        break;
      case 'train':
        noPluginName(lo, s);
        lowerTrain(lo, s.block, input as RunConfigInput);
        break;
      case 'judging':
        noPluginName(lo, s);
        lowerJudging(lo, s.block, input as RunConfigInput);
        break;
      case 'eval':
      case 'checkpoint':
      case 'pools':
        lo.spans.set(s.kind, s.keyword);
        lowerEvery(lo, s, input as RunConfigInput);
        break;
      case 'candidates':
        input.candidates = lowerCandidates(lo, s, 'candidates');
        break;
      case 'judge':
        input.judges.push(lowerJudge(lo, s, input.judges.length));
        break;
      case 'reward':
        lo.spans.set('reward', s.expr.range);
        input.reward = lowerReward(lo, s.expr);
        if (!input.reward) lo.reported.add('reward');
        break;
      case 'objective':
        input.objective = lowerObjective(lo, s, 'objective');
        if (!input.objective) lo.reported.add('objective');
        break;
      case 'curriculum':
      case 'phase':
      case 'arm':
        deferred.push(s);
        break;
      case 'unknown':
        unknownStatement(lo, s);
        break;
      case 'setting':
        break;
    }
  }
  lowerDeferred(lo, deferred, input as RunConfigInput, seen);
  const train = seen.get('train');
  if (train) lo.spans.set('phases', keywordOf(train));
  for (const required of ['data', 'policy'] as const) {
    if (!input[required] && !lo.reported.has(required)) {
      lo.error('recipe.missing', `the recipe has no ${required} statement`, ast.name.range, {
        expected: STATEMENT_FORMS[required],
        fix: `add a line: ${STATEMENT_FORMS[required]}`,
        path: required,
      });
    }
    input[required] ??= { plugin: '', options: {} };
  }
  return input as RunConfigInput;
}

/** Only `curriculum` takes a plugin name before its block; `window`, `train` and `judging` are the core's own. */
function noPluginName(lo: Lowering, s: { kind: string; plugin?: { text: string; range: Range } }): void {
  if (!s.plugin) return;
  lo.error('recipe.unknown-statement', `${s.kind} takes no plugin name`, s.plugin.range, {
    expected: STATEMENT_FORMS[s.kind] ?? `${s.kind} { ... }`,
    fix: `remove "${s.plugin.text}"`,
  });
}

/** Curriculum, phases and arms need the extra source names of the candidates block. */
function lowerDeferred(lo: Lowering, deferred: StatementNode[], input: RunConfigInput, seen: Map<string, StatementNode>): void {
  const extras = Object.keys(input.candidates?.extra ?? {});
  const phases = [];
  const arms = [];
  for (const s of deferred) {
    if (s.kind === 'curriculum') input.curriculum = lowerCurriculum(lo, s, 'curriculum', extras);
    else if (s.kind === 'phase') phases.push(lowerPhase(lo, s, `phases.${phases.length}`, extras));
    else if (s.kind === 'arm') arms.push(lowerArm(lo, s, `arms.${arms.length}`, extras));
  }
  if (phases.length && input.steps !== undefined) {
    const train = seen.get('train');
    const steps = train?.kind === 'train' ? train.block.entries.find((e) => e.key.text === 'steps') : undefined;
    lo.error('train.steps-conflict', 'train sets steps, but the recipe also has phases', steps?.key.range ?? keywordOf(train!), {
      expected: 'steps in each phase, or train { steps } with no phases',
      fix: 'remove steps from train (each phase says how many steps it runs)',
    });
    delete input.steps;
  }
  if (phases.length) input.phases = phases;
  if (arms.length) input.arms = arms;
  const count = input.phases?.length ?? (input.steps !== undefined ? 1 : 0);
  for (let i = 0; i < count; i++) aliasObjective(lo, input, `phases.${i}`, input.phases?.[i]?.objective);
  input.arms?.forEach((arm, a) => arm.phases.forEach((p, i) => aliasObjective(lo, input, `arms.${a}.phases.${i}`, p.objective)));
}

/** A phase that names no objective uses the run's: point its checks at the run's objective. */
function aliasObjective(lo: Lowering, input: RunConfigInput, phasePath: string, own: unknown): void {
  if (own || !input.objective) return;
  lo.spans.alias('objective', `${phasePath}.objective`);
  if (lo.reported.has('objective')) lo.reported.add(`${phasePath}.objective`);
}

function unknownStatement(lo: Lowering, s: Extract<StatementNode, { kind: 'unknown' }>): void {
  const meant = closest(s.word.text, TOP_LEVEL_STATEMENTS);
  lo.error('recipe.unknown-statement', `unknown statement "${s.word.text}"`, s.word.range, {
    expected: `a statement: ${TOP_LEVEL_STATEMENTS.join(', ')}`,
    fix: meant ? `did you mean "${meant}"?` : 'see docs/recipes.md for the statements of a recipe',
  });
  // A misspelt `policy` is reported once, not again as a missing policy.
  if (meant) lo.reported.add(meant);
}

/** Where a statement's keyword is (a phase setting has none: its whole range). */
function keywordOf(s: StatementNode): Range {
  return 'keyword' in s ? s.keyword : s.range;
}

/**
 * `holdout` in the data block is the core's setting, not the data plugin's: it moves out of the
 * plugin's options (which it would fail) into `data.holdout`, keeping its source position.
 */
function liftHoldout(lo: Lowering, data: { options?: Record<string, unknown>; holdout?: number } | string): void {
  if (typeof data === 'string' || !data.options || !('holdout' in data.options)) return;
  const { holdout, ...rest } = data.options;
  data.options = rest;
  const span = lo.spans.find('data.options.holdout');
  if (span) lo.spans.set('data.holdout', span);
  if (typeof holdout === 'number') data.holdout = holdout;
  else if (span) lo.error('option.type', 'data holdout must be a number', span, { expected: 'a share of documents between 0 and 1, e.g. holdout: 0.05', fix: 'write holdout: 0.05', path: 'data.holdout' });
}
