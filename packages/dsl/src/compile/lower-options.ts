import { didYouMean, envRef, type PluginRef } from '@spt/core';
import type { Atom, BlockNode, EntryNode, ValueNode } from '../ast/ast';
import { describeAtoms } from './describe';
import type { Lowering } from './lowering';
import { checkFinite } from './read-value';
import { isSecretValue, looksLikeSecret } from './secrets';
import { lowerSchedule, SCHEDULE_FORMS } from './lower-schedule';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Plugin options: a block becomes a plain JSON object for the plugin's zod schema. Numbers,
 * strings, `true`/`false`, bare words (as strings), ranges (`{ min, max }`), durations (in
 * seconds), lists, nested blocks and `env("NAME")` markers. Spans are recorded under `path`.
 */
export function lowerOptions(lo: Lowering, block: BlockNode | undefined, path: string, entries?: EntryNode[], allow: Allow = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Map<string, EntryNode>();
  for (const entry of entries ?? block?.entries ?? []) {
    const key = entry.key.text;
    const at = `${path}.${key}`;
    const first = seen.get(key);
    if (first) {
      lo.error('option.duplicate', `option "${key}" is given twice`, entry.key.range, {
        expected: 'each option once',
        fix: `remove one of them (the first is on line ${first.key.range.start.line})`,
        path: at,
      });
      continue;
    }
    seen.set(key, entry);
    lo.spans.set(at, entry.value.range);
    lo.spans.setKey(at, entry.key.range);
    const value = lowerValue(lo, entry.value, at, key, allow);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * Entries meant for a plugin, where a block also holds settings the core reads: an
 * `options: { ... }` entry passes its contents to the plugin as they are, so a plugin option
 * named like a core setting (`samples`, `fit`) can still be set.
 */
export function pluginEntriesOf(lo: Lowering, entries: readonly EntryNode[]): EntryNode[] {
  const out: EntryNode[] = [];
  for (const entry of entries) {
    const [atom] = entry.value.atoms;
    if (entry.key.text !== 'options') out.push(entry);
    else if (entry.value.atoms.length === 1 && atom.kind === 'object') out.push(...atom.block.entries);
    else {
      lo.error('option.form', '"options" takes a block of plugin options', entry.value.range, {
        expected: 'options: { <plugin option>: <value>, ... }',
        fix: 'write options: { ... }',
      });
    }
  }
  return out;
}

/** `suite: testbed.eval` or `suite: testbed.eval { options }`: a plugin named inside a block. */
export function lowerPluginValue(lo: Lowering, value: ValueNode, path: string): PluginRef | undefined {
  const [name, options] = value.atoms;
  const ok = name?.kind === 'word' && (value.atoms.length === 1 || (value.atoms.length === 2 && options.kind === 'object'));
  if (!ok) {
    lo.error('option.form', `expected a plugin name, got ${describeAtoms(value.atoms)}`, value.range, {
      expected: '<plugin> or <plugin> { <options> }',
      fix: 'write e.g. suite: testbed.eval',
      path,
    });
    return undefined;
  }
  lo.spans.set(`${path}.plugin`, name.range);
  return { plugin: name.text, options: options?.kind === 'object' ? lowerOptions(lo, options.block, `${path}.options`) : {} };
}

/** What a plugin's options may hold beyond plain values: schedules (reward shapers read them per step). */
export interface Allow {
  schedules?: boolean;
}

/** One option value as JSON (undefined after a reported error). */
export function lowerValue(lo: Lowering, value: ValueNode, path: string, key: string, allow: Allow = {}): unknown {
  if (value.atoms.length !== 1) {
    lo.error('value.phrase', `option "${key}" takes one value, got ${describeAtoms(value.atoms)}`, value.range, {
      expected: 'one value: a number, "string", name, list [..] or block {..}',
      fix: 'put text with spaces in "double quotes", and separate options with ","',
      path,
    });
    return undefined;
  }
  return lowerAtom(lo, value.atoms[0], path, key, allow);
}

function lowerAtom(lo: Lowering, atom: Atom, path: string, key: string, allow: Allow): unknown {
  switch (atom.kind) {
    case 'number':
      return checkFinite(lo, atom, path) ? atom.value : undefined;
    case 'range':
      return checkFinite(lo, atom.from, path) && checkFinite(lo, atom.to, path) ? { min: atom.from.value, max: atom.to.value } : undefined;
    case 'duration':
      // Plugins take time in seconds (e.g. an HTTP timeout): 500ms -> 0.5, 2m -> 120.
      return atom.ms / 1000;
    case 'string':
      checkSecret(lo, atom.value, atom, key);
      return atom.value;
    case 'word':
      if (atom.text === 'true' || atom.text === 'false') return atom.text === 'true';
      if (atom.text === 'null') return null;
      return atom.text;
    case 'list':
      return atom.items.map((item, i) => lowerValue(lo, item, `${path}.${i}`, `${key}[${i}]`, allow));
    case 'object':
      return lowerOptions(lo, atom.block, path, undefined, allow);
    case 'call':
      if (allow.schedules && atom.fn.text in SCHEDULE_FORMS) return lowerSchedule(lo, { range: atom.range, atoms: [atom] }, path, key);
      return lowerCall(lo, atom, path, allow);
    case 'arrow':
      lo.error('value.type', `unexpected '->' in option "${key}"`, atom.range, {
        expected: 'a number, "string", name, list [..] or block {..}',
        fix: "remove '->' (arrows belong in schedules such as linear(0 -> 1, steps 0..100))",
        path,
      });
      return undefined;
  }
}

function lowerCall(lo: Lowering, atom: Extract<Atom, { kind: 'call' }>, path: string, allow: Allow): unknown {
  if (atom.fn.text !== 'env') {
    lo.error('value.call', `${atom.fn.text}(...) cannot be used in ${allow.schedules ? 'these' : 'plugin'} options`, atom.fn.range, {
      expected: allow.schedules ? `a plain value, a schedule (${Object.keys(SCHEDULE_FORMS).join(', ')}) or env("NAME")` : 'a plain value, or env("NAME") for a secret',
      fix: allow.schedules
        ? didYouMean(atom.fn.text, Object.keys(SCHEDULE_FORMS)) || 'write a number or e.g. linear(0.5 -> 0, steps 0..100)'
        : 'write the value itself; schedules go in the curriculum block or in `shape` options',
      path,
    });
    return undefined;
  }
  const arg = atom.args.length === 1 && atom.args[0].atoms.length === 1 ? atom.args[0].atoms[0] : undefined;
  const name = arg?.kind === 'string' ? arg.value : arg?.kind === 'word' ? arg.text : undefined;
  if (name === undefined || !ENV_NAME.test(name)) {
    lo.error('env.form', 'env(...) takes the name of one environment variable', atom.range, {
      expected: 'env("NAME") with NAME made of letters, digits and _',
      fix: 'write env("OPENAI_API_KEY")',
      path,
    });
    return undefined;
  }
  lo.envNames.push({ name, range: atom.range });
  return envRef(name);
}

function checkSecret(lo: Lowering, value: string, atom: Atom, key: string): void {
  if (!looksLikeSecret(value) && !isSecretValue(key, value)) return;
  lo.warn('secret.literal', `option "${key}" looks like a secret written into the recipe`, atom.range, {
    expected: 'secrets read from the environment: env("NAME")',
    fix: `export it in the environment and write ${key}: env("${suggestEnvName(key)}")`,
  });
}

function suggestEnvName(key: string): string {
  const upper = key.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  return /KEY|TOKEN|SECRET|PASSWORD/.test(upper) ? upper : `${upper}_API_KEY`;
}
