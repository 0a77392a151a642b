import path from 'node:path';
import { deriveSeed, SptError } from '@spt/core';
import { openTfjsCheckpoint } from '@spt/backends/tfjs';
import type { CliCommand } from '../command';

interface SampleOptions {
  prompt: string[];
  n: number;
  k: number;
  temperature: number;
  topP: number;
  seed: number;
  stopAtEos: boolean;
  threads?: number;
}

const number = (flag: string, check: (n: number) => boolean, expected: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new SptError({ code: 'cli.option', what: `invalid ${flag}`, expected, got: value, fix: `e.g. ${flag} ${expected.match(/[\d.]+/)?.[0] ?? 1}` });
  return n;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `spt sample <checkpoint>`: continuations of prompts from a saved tfjs.gpt policy. */
export const sampleCommand: CliCommand = {
  name: 'sample',
  register(program, ctx) {
    program
      .command('sample')
      .description('sample continuations from a saved policy (a run checkpoint or a tfjs.gpt save folder)')
      .argument('<checkpoint>', 'checkpoint folder')
      .option('-p, --prompt <text>', 'prompt text (repeat for several; default: the empty prompt)', collect, [])
      .option('-n, --n <count>', 'samples per prompt', number('--n', (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1'), 1)
      .option('-k, --k <tokens>', 'new tokens per sample', number('--k', (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1, e.g. 64'), 64)
      .option('-t, --temperature <t>', 'sampling temperature (0 = greedy)', number('--temperature', (n) => n >= 0, 'a number >= 0, e.g. 1'), 1)
      .option('--top-p <p>', 'nucleus sampling mass', number('--top-p', (n) => n > 0 && n <= 1, 'a number in (0, 1], e.g. 0.95'), 1)
      .option('--seed <seed>', 'base seed (sample j of prompt i uses a seed derived from it)', number('--seed', (n) => Number.isInteger(n) && n >= 0, 'a whole number >= 0, e.g. 0'), 0)
      .option('--no-stop-at-eos', 'always produce k tokens, even past the end-of-document token')
      .option('--threads <n>', 'TensorFlow threads (default: all cores)', number('--threads', (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1, e.g. 2'))
      .action(async (checkpoint: string, opts: SampleOptions) => {
        const backend = await openTfjsCheckpoint(path.resolve(ctx.cwd, checkpoint), { threads: opts.threads });
        try {
          const texts = opts.prompt.length > 0 ? opts.prompt : [''];
          const jobs = texts.flatMap((text, i) => Array.from({ length: opts.n }, (_, j) => ({ text, i, j })));
          const { tokens } = await backend.generate({
            prompts: jobs.map((job) => backend.tokenizer.encode(job.text)),
            maxNewTokens: opts.k,
            temperature: opts.temperature,
            topP: opts.topP,
            seeds: jobs.map((job) => deriveSeed(opts.seed, 'sample', job.i, job.j)),
            stopAtEos: opts.stopAtEos,
          });
          jobs.forEach((job, x) => {
            const text = backend.tokenizer.decode(tokens[x]);
            if (ctx.json) ctx.out(JSON.stringify({ type: 'sample', prompt: job.text, prompt_index: job.i, sample: job.j, text, tokens: tokens[x] }));
            else {
              ctx.out(`--- prompt ${job.i + 1}, sample ${job.j + 1}`);
              ctx.out(ctx.isTTY ? `${job.text}\u001b[1m${text}\u001b[0m` : `${job.text}${text}`);
            }
          });
        } finally {
          await backend.dispose();
        }
      });
  },
};
