import { describe, expect, it } from 'vitest';
import type { StatementNode } from './ast/ast';
import { parseRecipe } from './parse-recipe';

const parse = (body: string) => parseRecipe(`recipe r {\n${body}\n}`, 'r.spt');
const only = (body: string): StatementNode => {
  const r = parse(body);
  expect(r.diagnostics).toEqual([]);
  return r.ast!.statements[0];
};

describe('parseRecipe: syntax only', () => {
  it('lists the packages a recipe uses, with their ranges', () => {
    const r = parse('  use "@spt/testbed"\n  use "./plugins"');
    expect(r.uses.map((u) => [u.name, u.range.start.line, u.range.start.column])).toEqual([
      ['@spt/testbed', 2, 7],
      ['./plugins', 3, 7],
    ]);
  });

  it('keeps source ranges on statements, names and values', () => {
    const s = only('  policy tfjs.gpt { layers: 4 }');
    expect(s.kind).toBe('policy');
    if (s.kind !== 'policy') return;
    expect(s.plugin).toEqual({ text: 'tfjs.gpt', quoted: false, range: { start: { line: 2, column: 10, offset: 20 }, end: { line: 2, column: 18, offset: 28 } } });
    expect(s.options!.entries[0].value.range.start).toEqual({ line: 2, column: 29, offset: 39 });
  });

  it('reads a value phrase up to the end of its line or the next key', () => {
    const s = only('  train { lr: 3e-4 cosine warmup 30 seed: 7\n    batch: 2 }');
    if (s.kind !== 'train') throw new Error();
    expect(s.block.entries.map((e) => [e.key.text, e.value.atoms.length])).toEqual([
      ['lr', 4],
      ['seed', 1],
      ['batch', 1],
    ]);
  });

  it('judge modifiers, candidate items, objective argument, eval every', () => {
    const r = parse(
      '  judge f t.f pointwise reference original { samples: 2 }\n  candidates { original; rewrite w; rollouts 3; source s p }\n  objective sft rewrite\n  eval every 10',
    );
    expect(r.diagnostics).toEqual([]);
    const [judge, candidates, objective, evaluation] = r.ast!.statements;
    expect(judge.kind === 'judge' && judge.modifiers.map((m) => m.text)).toEqual(['pointwise', 'reference original']);
    expect(candidates.kind === 'candidates' && candidates.items.map((i) => i.kind)).toEqual(['original', 'rewrite', 'rollouts', 'source']);
    expect(objective.kind === 'objective' && [objective.name.text, objective.arg?.text]).toEqual(['sft', 'rewrite']);
    expect(evaluation.kind === 'eval' && evaluation.every?.value).toBe(10);
  });

  it('an objective without argument is not followed by the next statement or key', () => {
    const r = parse('  phase p {\n    objective ntp\n    steps: 3\n  }\n  objective rf_nll\n  train { steps: 1 }');
    expect(r.diagnostics).toEqual([]);
    const [phase, objective] = r.ast!.statements;
    expect(phase.kind === 'phase' && phase.body.map((s) => s.kind)).toEqual(['objective', 'setting']);
    expect(objective.kind === 'objective' && objective.arg).toBeUndefined();
  });

  it('recovers from errors and reports each one (several per pass)', () => {
    const r = parse('  data d { a 1 }\n  policy p { b: }\n  window { k: 3 }\n  judge');
    expect(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`)).toEqual([
      `2:14 syntax.expected: expected ':' but found "1"`,
      '3:17 syntax.expected: unexpected "}"',
      '5:3 syntax.incomplete: incomplete judge statement',
    ]);
    expect(r.syntaxErrors).toBe(true);
    expect(r.ast!.statements.map((s) => s.kind)).toContain('window');
  });

  it('reports a missing closing brace at the next statement, and text after the recipe', () => {
    const r = parseRecipe('recipe r {\n  data d { a: 1\n  policy p\n}\nextra');
    expect(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`)).toEqual([
      `3:3 syntax.expected: expected '}' but found "policy"`,
      '5:1 syntax.unexpected: unexpected "extra" after the end of the recipe',
    ]);
  });

  it('reports a file that is not a recipe', () => {
    const r = parseRecipe('data d');
    expect(r.diagnostics[0]).toMatchObject({
      code: 'syntax.expected',
      message: `expected 'recipe' but found "data"`,
      fix: 'start the file with `recipe <name> {` and end it with `}`',
    });
    expect(parseRecipe('').diagnostics[0].message).toBe(`expected 'recipe' but found the end of the file`);
  });
});
