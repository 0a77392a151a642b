/**
 * Every `spt` command the README and docs/ show in a shell block parses as written: the command
 * exists, every option is one it takes, with the arguments it needs, and the example files it names
 * exist in the repository. The commands are not run (most train for minutes to hours; the quick
 * start and the plugin walk-through run for real in CI elsewhere): each command's action is replaced
 * by a no-op, so only commander's own checks and the paths remain.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { createCliContext, processDeps } from './context';
import { createProgram } from './program';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

/** Shell blocks: ```sh, ```sh run, ```bash and unlabelled fences (whose spt lines are commands too). */
const SHELL = /^(sh|bash|shell|console)?( run)?$/;

export interface DocCommand {
  file: string;
  line: number;
  text: string;
  /** The arguments after `spt` (or `node packages/cli/dist/bin.js`). */
  args: string[];
}

/** The spt invocations of a markdown text's shell blocks (continuation lines joined). Pure. */
export function docCommands(file: string, markdown: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = markdown.split('\n');
  let inShell: boolean | undefined;
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(.*)$/.exec(lines[i]);
    if (fence) {
      inShell = inShell === undefined ? SHELL.test(fence[1].trim()) : undefined;
      continue;
    }
    if (!inShell) continue;
    let text = lines[i];
    const start = i;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i].trim()}`;
    for (const args of invocations(text)) out.push({ file, line: start + 1, text: text.trim(), args });
  }
  return out;
}

/**
 * The spt argument lists of one shell line: segments split at `&&`, `;`, `|`, each starting (after
 * `VAR=value` assignments) with `spt`, `npx spt` or `node packages/cli/dist/bin.js`. Segments with a
 * placeholder (`<recipe>`, `...`) or a shell variable are skipped: they are templates, not commands.
 */
function invocations(text: string): string[][] {
  const variable = '\u0000var';
  const tokens = parse(text, (name) => `${variable}${name}`);
  const segments: Array<typeof tokens> = [[]];
  for (const t of tokens) {
    if (typeof t === 'object' && 'op' in t && ['&&', ';', '|', '||', '&'].includes(t.op)) segments.push([]);
    else if (typeof t === 'object' && 'comment' in t) break;
    else segments[segments.length - 1].push(t);
  }
  const found: string[][] = [];
  for (const seg of segments) {
    if (seg.some((t) => typeof t !== 'string' || t.includes(variable) || t.includes('...'))) continue;
    const words = (seg as string[]).filter((w, i, all) => !(/^[A-Z_][A-Z0-9_]*=/.test(w) && all.slice(0, i).every((x) => /^[A-Z_][A-Z0-9_]*=/.test(x))));
    const at = words[0] === 'spt' ? 1 : words[0] === 'npx' && words[1] === 'spt' ? 2 : words[0] === 'node' && words[1] === 'packages/cli/dist/bin.js' ? 2 : -1;
    if (at > 0) found.push(words.slice(at));
  }
  return found;
}

/** Every command of the program with an action (the leaves), so parsing runs nothing. */
function silence(program: Command): void {
  for (const c of program.commands) {
    if ((c as unknown as { _actionHandler?: unknown })._actionHandler) c.action(() => {});
    silence(c);
  }
}

/** Parses `args` as the CLI would; resolves to the usage error's message, or undefined. */
async function usageError(args: string[]): Promise<string | undefined> {
  const state = { json: false, exitCode: 0 };
  const messages: string[] = [];
  const deps = { ...processDeps(), out: () => {}, err: (t: string) => messages.push(t) };
  const program = createProgram(createCliContext(deps, state), state, deps);
  silence(program);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return undefined;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') return undefined;
    return messages.join('\n') || String(e);
  }
}

/** Example files a command names (recipes, sweep files) that the repository must hold. */
const repoFiles = (args: string[]) => args.filter((a) => /^examples\/.+\.(spt|json)$/.test(a));

const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];
const commands = files.flatMap((f) => docCommands(path.relative(root, f), readFileSync(f, 'utf8')));

describe('spt commands in the README and docs/', () => {
  it('finds them (the quick start among them)', () => {
    expect(commands.length).toBeGreaterThan(40);
    expect(commands.some((c) => c.file === 'docs/results.md' && c.args[0] === 'run')).toBe(true);
  });

  it('reads shell lines as a shell would: quotes, &&, comments, continuations; templates skipped', () => {
    const md = [
      '```sh',
      "spt run examples/a.spt --data '{\"seed\": 4}' && spt report runs/a # then look",
      'for s in 8 9; do spt run examples/a.spt --seed $s; done',
      'spt eval <run>',
      'TF_NUM_INTRAOP_THREADS=1 node packages/cli/dist/bin.js sweep examples/a.spt \\',
      '  examples/w.json --out runs/x',
      '```',
      '```ts',
      'spt run not-a-command.spt',
      '```',
    ].join('\n');
    expect(docCommands('x.md', md).map((c) => [c.line, c.args])).toEqual([
      [2, ['run', 'examples/a.spt', '--data', '{"seed": 4}']],
      [2, ['report', 'runs/a']],
      [5, ['sweep', 'examples/a.spt', 'examples/w.json', '--out', 'runs/x']],
    ]);
  });

  it.each(commands.map((c) => [`${c.file}:${c.line} spt ${c.args.join(' ')}`, c] as const))('%s', async (_name, c) => {
    expect(await usageError(c.args), `${c.file}:${c.line}: ${c.text}`).toBeUndefined();
    for (const f of repoFiles(c.args)) expect(existsSync(path.join(root, f)), `${c.file}:${c.line}: ${f} is not in the repository`).toBe(true);
  });
});
