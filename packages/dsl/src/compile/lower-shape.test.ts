import { describe, expect, it } from 'vitest';
import { compileToy, edit, summary } from '../__fixtures__/helpers';
import { formatRecipe } from '../format/format-recipe';

const withShapes = edit(
  '  reward = quality + safety\n',
  '  reward = quality + safety\n  shape toy.length { per_token: linear(0.02 -> 0, steps 0..100), target: 32 }\n  shape toy.length { per_token: 0.01 }\n',
);

describe('shape: reward shapers after the reward expression', () => {
  it('keeps the written order, with schedules in the options', () => {
    const r = compileToy(withShapes);
    expect(summary(r.diagnostics)).toEqual([]);
    expect(r.config!.shapers).toEqual([
      { plugin: 'toy.length', options: { per_token: { kind: 'linear', from: 0.02, to: 0, start: 0, end: 100 }, target: 32 } },
      { plugin: 'toy.length', options: { per_token: 0.01 } },
    ]);
  });

  it('a recipe without shape lines has no shapers key (configs and fingerprints unchanged)', () => {
    const r = compileToy(edit('  reward = quality + safety\n', '  reward = quality + safety\n'));
    expect(r.config).toBeDefined();
    expect('shapers' in r.config!).toBe(false);
  });

  it('a phase or arm may carry its own chain, which replaces the run one', () => {
    const text = edit(
      '  eval every 100',
      '  arm short { steps: 200; shape toy.length { per_token: step(0.1, 0 from 5) } }\n  arm plain { steps: 200 }\n  eval every 100',
      withShapes,
    );
    const r = compileToy(text);
    expect(summary(r.diagnostics)).toEqual([]);
    expect(r.config!.arms[0].phases[0].shapers).toEqual([{ plugin: 'toy.length', options: { per_token: { kind: 'step', values: [0.1, 0], boundaries: [5] } } }]);
    expect(r.config!.arms[1].phases[0].shapers).toBeUndefined();
  });

  it('names an unknown shaper with the closest one and its position', () => {
    const r = compileToy(edit('  reward = quality + safety\n', '  reward = quality + safety\n  shape toy.lenght { per_token: 0.1 }\n'));
    const [d] = r.diagnostics;
    expect(d.code).toBe('plugin.unknown');
    expect(d.message).toContain('toy.lenght');
    expect(d.fix).toContain('toy.length');
    expect(d.range.start.line).toBe(9);
  });

  it('checks shaper options against the plugin schema', () => {
    const r = compileToy(edit('  reward = quality + safety\n', '  reward = quality + safety\n  shape toy.length { per_token: "a lot" }\n'));
    expect(r.diagnostics.map((d) => d.code)).toContain('plugin.option');
  });

  it('a misspelt schedule in a shaper is an error that suggests the schedule', () => {
    const r = compileToy(edit('  reward = quality + safety\n', '  reward = quality + safety\n  shape toy.length { per_token: linaer(1 -> 0, steps 0..10) }\n'));
    const d = r.diagnostics.find((x) => x.code === 'value.call');
    expect(d?.fix).toContain('linear');
  });

  it('schedules stay out of other plugin options', () => {
    const r = compileToy(edit('data toy.data { docs: 20 }', 'data toy.data { docs: linear(1 -> 2, steps 0..10) }'));
    expect(r.diagnostics.map((d) => d.code)).toContain('value.call');
  });

  it('formats shape lines as written and parses the result to the same config', () => {
    const text = edit('  arm', '  arm', edit('  eval every 100', '  arm a { steps: 5; shape toy.length { per_token: 0.5 } }\n  eval every 100', withShapes));
    const formatted = formatRecipe(text).text!;
    expect(formatted).toContain('shape toy.length { per_token: linear(0.02 -> 0, steps 0..100), target: 32 }');
    expect(compileToy(formatted).config).toEqual(compileToy(text).config);
  });
});

describe('shape: schedule checks', () => {
  it('a schedule that ends before it starts is reported at the shaper option', () => {
    const r = compileToy(edit('  reward = quality + safety\n', '  reward = quality + safety\n  shape toy.length { per_token: linear(1 -> 0, steps 50..10) }\n'));
    const d = r.diagnostics.find((x) => x.code === 'schedule.order');
    expect(d?.message).toContain('toy.length');
    expect(d?.range.start.line).toBe(9);
  });
});

describe('judging { warm_prefix }', () => {
  it('compiles to judging.warmPrefix, and takes only true or false', () => {
    const on = compileToy(edit('  checkpoint every 50', '  judging { warm_prefix: true }\n  checkpoint every 50'));
    expect(summary(on.diagnostics)).toEqual([]);
    expect(on.config!.judging.warmPrefix).toBe(true);
    const bad = compileToy(edit('  checkpoint every 50', '  judging { warm_prefix: yes }\n  checkpoint every 50'));
    expect(bad.diagnostics.length).toBeGreaterThan(0);
  });
});
