import { describe, expect, it } from 'vitest';
import { createRegistry } from '@spt/core';
import { DIAGNOSTIC_CASES } from './__fixtures__/diagnostic-cases';
import { compileToy, summary } from './__fixtures__/helpers';
import { toyPackage } from './__fixtures__/toy-plugins';
import { useDiagnostic } from './compile-recipe';
import { defineRunConfig } from './config/define-run-config';
import { validateRunConfig } from './validate/validate-run-config';

/** Every diagnostic the compiler gives for each case, pinned verbatim (position, severity, code, message). */
const PINNED: Record<string, string[]> = {
    "syntax.character": ["11:32 error syntax.character: unexpected character \"@\""],
    "syntax.string": ["2:25 error syntax.string: this string has no closing quote","3:3 error syntax.expected: expected '}' but found \"policy\""],
    "syntax.expected": ["3:27 error syntax.expected: expected ':' but found \"2\""],
    "syntax.unexpected": ["15:1 error syntax.unexpected: unexpected \"extra\" after the end of the recipe"],
    "syntax.incomplete": ["7:3 error syntax.incomplete: incomplete judge statement"],
    "syntax.too-deep": ["8:75 error syntax.too-deep: nesting deeper than 64 levels"],
    "reward.too-long": ["8:12 error reward.too-long: this expression chains 301 terms"],
    "recipe.missing": ["1:8 error recipe.missing: the recipe has no data statement"],
    "recipe.duplicate": ["5:3 error recipe.duplicate: the recipe has a second window statement"],
    "recipe.unknown-statement": ["3:3 error recipe.unknown-statement: unknown statement \"polcy\""],
    "plugin.unknown": ["3:10 error plugin.unknown: unknown policy plugin \"toy.gtp\""],
    "plugin.unknown (other kind)": ["3:10 error plugin.unknown: \"toy.quality\" is a judge plugin, not a policy plugin"],
    "plugin.option": ["3:28 error plugin.option: invalid option \"layers\" for toy.gpt: expected number, received string (got string \"two\")"],
    "option.unknown (plugin)": ["3:20 error option.unknown: unknown option \"layer\" for toy.gpt"],
    "option.unknown (builtin)": ["11:23 error option.unknown: unknown train option \"bach\""],
    "option.duplicate": ["11:33 error option.duplicate: option \"batch\" is given twice"],
    "option.type": ["11:30 error option.type: \"batch\" must be a whole number, got string \"8\""],
    "option.type (integer)": ["11:30 error option.type: \"batch\" must be a whole number, got 8.5"],
    "option.range": ["5:86 error option.range: top_p must be a number above 0 and at most 1, got 1.5"],
    "option.range (eval prompt_seed)": ["12:47 error option.range: prompt_seed must be a whole number from 0 to 4294967295, got -3"],
    "option.form": ["11:49 error option.form: unexpected \"warm\" in lr"],
    "value.phrase": ["2:25 error value.phrase: option \"path\" takes one value, got 2 values"],
    "value.number": ["2:25 error value.number: the number 1e999 is too large"],
    "value.call": ["2:25 error value.call: linear(...) cannot be used in plugin options"],
    "value.type": ["2:25 error value.type: unexpected '->' in option \"docs\""],
    "env.form": ["7:38 error env.form: env(...) takes the name of one environment variable"],
    "env.unset": ["7:38 warning env.unset: environment variable SPT_TEST_UNSET_KEY is not set"],
    "secret.literal": ["7:36 warning secret.literal: option \"model\" looks like a secret written into the recipe"],
    "secret.literal (key name)": ["7:38 warning secret.literal: option \"api_key\" looks like a secret written into the recipe"],
    "schedule.unknown": ["9:26 error schedule.unknown: unknown schedule \"lineal\""],
    "schedule.form": ["9:26 error schedule.form: malformed linear(...) schedule"],
    "schedule.order": ["9:26 error schedule.order: the weight of rollouts ends (step 50) before it starts (step 100)"],
    "schedule.beyond-phase": ["9:26 error schedule.beyond-phase: this schedule runs to step 300, but phase \"main\" has 200 steps"],
    "curriculum.source": ["9:16 warning curriculum.source: phase \"main\" has a weight for rewrite, which is not in its candidates"],
    "curriculum weight range": ["9:26 error option.range: the weight of rollouts must be a number from 0 to 1, got 2"],
    "curriculum unknown key": ["9:16 error option.unknown: unknown curriculum option \"temprature\""],
    "reward.unknown-aspect": ["8:22 error reward.unknown-aspect: the reward reads \"safty\", but no judge scores it"],
    "reward.function": ["8:12 error reward.function: unknown function \"mean\" in the reward"],
    "reward.arity": ["8:12 error reward.arity: clamp takes 3 arguments, got 2"],
    "reward.divide-by-zero": ["8:22 error reward.divide-by-zero: the reward divides by zero"],
    "judge.unused": ["7:9 warning judge.unused: aspect \"safety\" is judged but the reward does not use it"],
    "judge.mode": ["6:29 error judge.mode: toy.quality does not judge pointwise"],
    "judge.mode-conflict": ["6:38 error judge.mode-conflict: a judge is either pairwise or pointwise, not both"],
    "judge.pairing": ["7:38 error judge.pairing: pairing applies to pairwise judges only"],
    "judge.pivot": ["6:49 error judge.pivot: pivot \"retrieved\" is not a candidate source"],
    "judge.duplicate": ["8:9 error judge.duplicate: aspect \"safety\" already has a judge"],
    "window.too-long": ["4:15 error window.too-long: k 32 + the longest prefix 128 = 160 tokens, more than the policy's context of 100"],
    "window.prefix": ["4:27 error window.prefix: the prefix range 128..16 is empty"],
    "candidates.duplicate": ["5:26 error candidates.duplicate: original is listed twice"],
    "candidates.reserved": ["5:23 error candidates.reserved: \"rewrite\" is a built-in source and cannot name an extra source"],
    "candidates.empty": ["9:13 error candidates.empty: phase \"main\" trains with online_dpo but its candidate pool is empty"],
    "candidates.too-few": ["9:13 error candidates.too-few: online_dpo needs two candidates per prefix, but phase \"main\" has 1"],
    "objective.unknown": ["10:13 error objective.unknown: unknown objective \"online_dpp\""],
    "objective.source": ["10:17 error objective.source: sft trains on \"retrieved\", which is not in the candidates of phase \"main\""],
    "objective.source (missing)": ["10:13 error objective.source: sft needs the source to train on"],
    "objective.argument": ["10:20 error objective.argument: rf_nll takes no argument, got \"rewrite\""],
    "objective.options": ["10:17 error objective.options: ntp takes no options"],
    "objective.needs-judge": ["7:13 error objective.needs-judge: online_dpo ranks candidates by reward, but no judge is configured"],
    "phase.statement": ["12:25 error phase.statement: \"window\" cannot be set in a phase"],
    "phase.duplicate": ["12:25 error phase.duplicate: \"steps\" is set twice in phase \"a\""],
    "phase.steps": ["12:9 error phase.steps: phase \"a\" does not say how many steps it runs"],
    "phase.duplicate-name": ["13:9 error phase.duplicate-name: two phases are named \"a\""],
    "arm.mixed": ["12:34 error arm.mixed: arm \"a\" mixes phase blocks with phase settings"],
    "arm.name": ["12:7 error arm.name: \"start\" names the shared checkpoint; an arm cannot use it"],
    "train.steps-conflict": ["11:11 error train.steps-conflict: train sets steps, but the recipe also has phases"],
    "train.no-steps": ["11:3 error train.no-steps: the run has no training steps"],
    "train.warmup": ["11:37 warning train.warmup: warmup of 200 steps is not shorter than phase \"main\" (200 steps)"],
    "train.micro-batch": ["11:46 warning train.micro-batch: micro_batch 3 does not divide batch 8"],
    "eval.against": ["12:43 error eval.against: eval compares against \"ntpp\", which is not an arm"],
};

describe('diagnostics: one case per code, message text pinned', () => {
  it('has a pinned result for every case and a case for every pinned result', () => {
    expect(Object.keys(PINNED).sort()).toEqual(DIAGNOSTIC_CASES.map(([name]) => name).sort());
  });

  it.each(DIAGNOSTIC_CASES)('%s', (name, text) => {
    const result = compileToy(text, () => undefined);
    expect(summary(result.diagnostics)).toEqual(PINNED[name]);
    const code = name.split(' ')[0];
    if (code.includes('.')) expect(result.diagnostics.map((d) => d.code)).toContain(code);
    const errors = result.diagnostics.some((d) => d.severity === 'error');
    expect(result.config === undefined).toBe(errors);
  });

  it('pins what was expected and the fix for a representative set', () => {
    const fixOf = (name: string) => {
      const text = DIAGNOSTIC_CASES.find(([n]) => n === name)![1];
      const d = compileToy(text, () => undefined).diagnostics.find((x) => name.startsWith(x.code))!;
      return { expected: d.expected, fix: d.fix };
    };
    expect(fixOf('plugin.unknown')).toEqual({ expected: 'one of: toy.gpt', fix: 'did you mean "toy.gpt"?' });
    expect(fixOf('option.unknown (plugin)')).toEqual({ expected: 'one of: layers, context, dropout', fix: 'did you mean "layers"?' });
    expect(fixOf('reward.unknown-aspect')).toEqual({ expected: 'one of the judged aspects: quality, safety', fix: 'did you mean "safety"?' });
    expect(fixOf('judge.mode')).toEqual({ expected: 'pairwise (what toy.quality supports)', fix: 'write pairwise, or leave the mode out' });
    expect(fixOf('schedule.beyond-phase')).toEqual({
      expected: 'a schedule within steps 0..200 (steps count from the start of each phase)',
      fix: 'end it by step 200, or give the phase more steps',
    });
    expect(fixOf('window.too-long')).toEqual({ expected: 'k + longest prefix <= 100', fix: "lower the prefix to at most 68, or raise the policy's context" });
    expect(fixOf('syntax.expected')).toEqual({ expected: "':'", fix: 'write each option as `key: value`' });
    expect(fixOf('syntax.incomplete')).toEqual({
      expected: 'judge <aspect> <plugin> [pairwise | pointwise] [reference original] { <options> }',
      fix: 'complete it as: judge <aspect> <plugin> [pairwise | pointwise] [reference original] { <options> }',
    });
    expect(fixOf('secret.literal')).toEqual({
      expected: 'secrets read from the environment: env("NAME")',
      fix: 'export it in the environment and write model: env("MODEL_API_KEY")',
    });
    expect(fixOf('recipe.unknown-statement').fix).toBe('did you mean "policy"?');
    expect(fixOf('option.form').fix).toBe('did you mean "warmup"?');
  });

  it('reports several problems in one pass', () => {
    const text = DIAGNOSTIC_CASES.find(([n]) => n === 'plugin.unknown')![1]
      .replace('batch: 8', 'bach: 8')
      .replace('reward = quality + safety', 'reward = quality + safty')
      .replace('layers: 2', 'layers 2');
    expect(summary(compileToy(text).diagnostics)).toEqual([
      "3:10 error plugin.unknown: unknown policy plugin \"toy.gtp\"",
      "3:27 error syntax.expected: expected ':' but found \"2\"",
      "11:23 error option.unknown: unknown train option \"bach\"",
    ]);
  });

  it('codes only a TypeScript config can produce: unknown curriculum parameter, no name', () => {
    const config = defineRunConfig({
      name: '',
      data: 'toy.data',
      policy: { plugin: 'toy.gpt', options: { context: 4096 } },
      steps: 10,
      objective: { kind: 'ntp' },
      curriculum: { params: { temprature: 1 } },
    });
    expect(validateRunConfig(config, { registry: createRegistry([toyPackage]) })).toEqual([
      { severity: 'error', code: 'config.name', path: 'name', message: 'the run has no name', expected: 'a name', fix: 'name the recipe: recipe <name> { ... }' },
      {
        severity: 'error',
        code: 'curriculum.parameter',
        path: 'curriculum.params.temprature',
        message: 'the curriculum cannot schedule "temprature"',
        expected: 'a source weight or one of: temperature, top_p, beta, nll_alpha, ntp_alpha, kl_beta, max_abstention',
        fix: 'did you mean "temperature"?',
        atKey: true,
      },
    ]);
  });

  it('use.load: a package that cannot be loaded is reported at its use line', () => {
    const d = useDiagnostic(
      { name: 'spt-judge-nope', range: { start: { line: 2, column: 7, offset: 20 }, end: { line: 2, column: 23, offset: 36 } } },
      new Error('boom'),
    );
    expect(d).toEqual({
      severity: 'error',
      code: 'use.load',
      message: 'plugin package "spt-judge-nope" could not be loaded: boom',
      range: { start: { line: 2, column: 7, offset: 20 }, end: { line: 2, column: 23, offset: 36 } },
      expected: 'an installed package whose default export is an spt plugin package',
      fix: 'install it next to the recipe: npm install spt-judge-nope',
    });
  });
});
