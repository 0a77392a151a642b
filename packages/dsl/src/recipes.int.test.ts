import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import backends from '@spt/backends';
import { corePlugins, createRegistry } from '@spt/core';
import judges from '@spt/judges';
import rewriters from '@spt/rewriters';
import testbed from '@spt/testbed';
import { describe, expect, it } from 'vitest';
import { summary } from './__fixtures__/helpers';
import { compileRecipe } from './compile-recipe';
import { formatRecipe } from './format/format-recipe';

/**
 * Every recipe in examples/ and every recipe block in docs/ compiles against the real plugin
 * packages (the built-ins `spt` loads), and every example is in canonical form.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const registry = createRegistry([corePlugins, testbed, backends, judges, rewriters]);
const compile = (text: string, file: string) => compileRecipe(text, { file, registry });

const examples = readdirSync(path.join(root, 'examples'))
  .filter((f) => f.endsWith('.spt'))
  .map((f) => [f, readFileSync(path.join(root, 'examples', f), 'utf8')] as const);

/** Fenced blocks of the docs: ```spt (a whole recipe), ```spt-snippet (statements), ```spt-error (must fail). */
const docBlocks = readdirSync(path.join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .flatMap((f) => {
    const text = readFileSync(path.join(root, 'docs', f), 'utf8');
    return [...text.matchAll(/```(spt|spt-snippet|spt-error)\n([\s\S]*?)```/g)].map((m, i) => ({ name: `${f} #${i + 1} (${m[1]})`, kind: m[1], text: m[2] }));
  });

/** Problems a statement shows on its own, whatever recipe it is pasted into. */
const SNIPPET_LOCAL = /^(syntax\.|plugin\.|option\.|value\.|env\.form|secret\.|schedule\.(unknown|form|order)|objective\.(unknown|argument|options)|recipe\.unknown-statement|reward\.function|reward\.arity|phase\.statement|arm\.mixed|judge\.mode)/;

describe('recipes in examples/ and docs/', () => {
  it('finds the recipes (including the quick start)', () => {
    expect(examples.map(([f]) => f)).toContain('quickstart.spt');
    expect(docBlocks.filter((b) => b.kind === 'spt').length).toBeGreaterThanOrEqual(2);
    expect(docBlocks.filter((b) => b.kind === 'spt-snippet').length).toBeGreaterThanOrEqual(15);
  });

  it.each(examples)('examples/%s compiles with no diagnostics', (file, text) => {
    const r = compile(text, file);
    expect(summary(r.diagnostics)).toEqual([]);
    expect(r.config?.name).toBeTruthy();
  });

  it.each(examples)('examples/%s is formatted (spt fmt --write examples/*.spt)', (file, text) => {
    expect(formatRecipe(text, file).text).toBe(text);
  });

  it.each(docBlocks.map((b) => [b.name, b] as const))('docs: %s', (_name, block) => {
    if (block.kind === 'spt') {
      expect(summary(compile(block.text, 'doc.spt').diagnostics)).toEqual([]);
      return;
    }
    const text = block.kind === 'spt-error' ? block.text : `recipe snippet {\n${block.text}}\n`;
    const r = compile(text, 'doc.spt');
    expect(r.diagnostics.some((d) => d.code === 'internal.error')).toBe(false);
    if (block.kind === 'spt-error') expect(r.config).toBeUndefined();
    else expect(summary(r.diagnostics.filter((d) => SNIPPET_LOCAL.test(d.code)))).toEqual([]);
  });
});
