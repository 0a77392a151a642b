import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A fenced block of a Markdown page. Its info string says what a test does with it:
 * `<lang> file=<path>` is written to <path> (relative to the walk-through's folder), `sh run` is
 * run in the folder the previous `sh run` block ended in, `<lang> sketch` is shown only; a block
 * with neither (`sh` alone, output) is shown only.
 */
export interface DocBlock {
  lang: string;
  file?: string;
  run: boolean;
  sketch: boolean;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The `path`: caption line right above the block, when there is one. */
  caption?: string;
}

export function docBlocks(markdown: string): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S+)?(.*)$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l === '```');
    if (end < 0) throw new Error(`line ${i + 1}: a fence that never closes`);
    const words = open[2].trim().split(/\s+/).filter(Boolean);
    let above = i - 1;
    while (above >= 0 && lines[above].trim() === '') above--;
    blocks.push({
      lang: open[1] ?? '',
      file: words.find((w) => w.startsWith('file='))?.slice(5),
      run: words.includes('run'),
      sketch: words.includes('sketch'),
      body: lines.slice(i + 1, end).join('\n') + '\n',
      line: i + 1,
      caption: /^`([^`]+)`:$/.exec(lines[above] ?? '')?.[1],
    });
    i = end;
  }
  return blocks;
}

export interface StepResult {
  block: DocBlock;
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Follows a page word for word in `root`: writes every `file=` block and runs every `sh run` block
 * with bash (-e: the first failing command stops the block), in page order. Stops at the first
 * block that fails and returns every step so far.
 */
export function followPage(page: string, root: string, env: NodeJS.ProcessEnv, timeoutMs = 900_000): StepResult[] {
  const steps: StepResult[] = [];
  let cwd = root;
  const cwdFile = path.join(root, '.doc-cwd');
  for (const block of docBlocks(readFileSync(page, 'utf8'))) {
    if (block.file) {
      const target = path.join(root, block.file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, block.body);
    } else if (block.run) {
      const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', `${block.body}pwd > ${JSON.stringify(cwdFile)}`], { cwd, env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
      steps.push({ block, status: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? `\n${r.error.message}` : '') });
      if (r.status !== 0) return steps;
      cwd = readFileSync(cwdFile, 'utf8').trim();
    }
  }
  return steps;
}
