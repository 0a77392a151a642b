import { describe, expect, it } from 'vitest';
import { compileToy, edit, summary } from '../__fixtures__/helpers';

describe('objective plugins in recipes', () => {
  it('a dotted objective name is a plugin with its options, at the top level and in an arm', () => {
    const text = edit(
      '  eval every 100',
      '  arm plugged { steps: 200; objective toy.best_vs_original { beta: 0.3 } }\n  eval every 100',
      edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective toy.best_vs_original'),
    );
    const r = compileToy(text);
    expect(summary(r.diagnostics)).toEqual([]);
    expect(r.config!.phases[0].objective).toEqual({ kind: 'plugin', plugin: 'toy.best_vs_original', options: {} });
    expect(r.config!.arms[0].phases[0].objective).toEqual({ kind: 'plugin', plugin: 'toy.best_vs_original', options: { beta: 0.3 } });
  });

  it('an unknown objective plugin is reported at its name with the closest one', () => {
    const r = compileToy(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective toy.best_vs_orignal'));
    const d = r.diagnostics.find((x) => x.code === 'plugin.unknown');
    expect(d?.message).toContain('toy.best_vs_orignal');
    expect(d?.fix).toContain('toy.best_vs_original');
    expect(d?.range.start.line).toBe(10);
  });

  it('its options are checked against the plugin schema, at the option', () => {
    const r = compileToy(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective toy.best_vs_original { beta: -1 }'));
    const d = r.diagnostics.find((x) => x.code === 'plugin.option');
    expect(d?.message).toContain('beta');
    expect(d?.range.start.line).toBe(10);
  });

  it('an undotted unknown name still suggests the built-in and says how plugins are named', () => {
    const r = compileToy(edit('objective online_dpo { beta: 0.1, reference: frozen }', 'objective onlin_dpo'));
    const d = r.diagnostics.find((x) => x.code === 'objective.unknown');
    expect(d?.fix).toContain('online_dpo');
    expect(d?.expected).toContain('<package>.<name>');
  });
});
