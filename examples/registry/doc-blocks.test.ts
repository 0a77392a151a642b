import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from '../pack-install.test-util';
import { docBlocks } from './doc-blocks';

describe('docBlocks', () => {
  it('reads the language, the file, run and sketch marks, the caption and the line', () => {
    const page = ['Intro', '', '`pkg/a.ts`:', '', '```ts file=pkg/a.ts', 'export const a = 1;', '```', '', '```sh run', 'cd pkg', '```', '```ts sketch', 'x()', '```', '```', 'output', '```'].join('\n');
    expect(docBlocks(page)).toEqual([
      { lang: 'ts', file: 'pkg/a.ts', run: false, sketch: false, body: 'export const a = 1;\n', line: 5, caption: 'pkg/a.ts' },
      { lang: 'sh', file: undefined, run: true, sketch: false, body: 'cd pkg\n', line: 9, caption: undefined },
      { lang: 'ts', file: undefined, run: false, sketch: true, body: 'x()\n', line: 12, caption: undefined },
      { lang: '', file: undefined, run: false, sketch: false, body: 'output\n', line: 15, caption: undefined },
    ]);
  });

  it('refuses a fence that never closes', () => {
    expect(() => docBlocks('```ts\nx\n')).toThrow(/line 1: a fence that never closes/);
  });
});

// examples/registry.int.test.ts follows docs/plugins.md word for word; these checks keep the page
// honest without a registry: no code block escapes the walk-through unless it says it is a sketch.
describe('docs/plugins.md', () => {
  const blocks = docBlocks(readFileSync(path.join(repo, 'docs/plugins.md'), 'utf8'));

  it('every code block is a walk-through file, a command to run, a sketch, or a command shown for setup', () => {
    const loose = blocks.filter((b) => !b.file && !b.run && !b.sketch && b.lang !== 'sh');
    expect(loose.map((b) => `line ${b.line}: ${b.lang}`)).toEqual([]);
  });

  it('each file block is captioned with its own path', () => {
    const files = blocks.filter((b) => b.file);
    expect(files.filter((b) => b.caption !== b.file).map((b) => `line ${b.line}: ${b.caption} vs ${b.file}`)).toEqual([]);
    expect(files.map((b) => b.file)).toEqual(
      expect.arrayContaining(['spt-plugin-tutorial/src/repetition.ts', 'spt-plugin-tutorial/src/distinct-words.ts', 'spt-plugin-tutorial/src/best-vs-original.ts', 'spt-plugin-tutorial/src/step-log.ts', 'spt-plugin-tutorial/src/index.ts', 'spt-demo/demo.spt', 'spt-demo/embed.mjs']),
    );
  });
});
