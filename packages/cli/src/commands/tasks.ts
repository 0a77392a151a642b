import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { Option } from 'commander';
import { createPluginContext, Services, splitSource, SptError, taskSplitAt, type DocumentSource } from '@spt/core';
import type { CliCommand } from '../command';
import { wholeNumberOption } from '../option-parsers';
import { compileRecipeFile } from '../recipe';

interface TasksExportOptions {
  n: number;
  out: string;
  side: 'train' | 'heldout' | 'all';
}

/**
 * `spt tasks export <recipe> -n 20 -o tasks.jsonl`: the documents the recipe's data source gives, as
 * JSON lines {id, prompt, answer, task, meta}; made for the known-reward task sources (tasks.judge,
 * tasks.rewrite, testbed { task: facts }), whose documents are a prompt (up to meta.split_at) and
 * the answer after it. The policy is created for its tokenizer only (no weights are loaded).
 */
export const tasksCommand: CliCommand = {
  name: 'tasks',
  register(program, ctx) {
    const tasks = program.command('tasks').description('known-reward task data (judge and rewriter training): look at it before training on it');
    tasks
      .command('export')
      .description("write the recipe's task documents as JSON lines {id, prompt, answer, task, meta}")
      .argument('<recipe>', 'a recipe whose data block gives task documents (e.g. data tasks.judge { ... })')
      .requiredOption('-o, --out <file>', 'output file (.jsonl); written whole or not at all')
      .option('-n, --n <count>', 'documents to write', wholeNumberOption('--n', { example: '20' }), 20)
      .addOption(new Option('--side <side>', 'with data { holdout }: the training side, the held-out side, or every document').choices(['train', 'heldout', 'all']).default('train'))
      .action(async (recipeArg: string, opts: TasksExportOptions) => {
        const recipe = await compileRecipeFile(ctx, path.resolve(ctx.cwd, recipeArg));
        const { config, registry } = recipe;
        const log = (m: string) => (ctx.json ? ctx.out(JSON.stringify({ type: 'log', message: m })) : ctx.err(m));
        const pctx = createPluginContext({ registry, config, seed: config.train.seed, log, warn: (code, m) => log(`warning [${code}]: ${m}`) });
        const backend = await registry.create('policy', config.policy, pctx);
        const file = path.resolve(ctx.cwd, opts.out);
        const partial = `${file}.partial`;
        let written = 0;
        let source: DocumentSource | undefined;
        try {
          pctx.bindService(Services.tokenizer, backend.tokenizer);
          source = await registry.create('data', config.data, pctx);
          const share = config.data.holdout ?? 0;
          if (opts.side === 'heldout' && !(share > 0)) {
            throw new SptError({ code: 'cli.tasks-holdout', what: `--side heldout, and data ${config.data.plugin} of ${recipe.file} holds nothing out`, expected: 'data { ..., holdout: <share> }', got: 'no holdout', fix: 'add holdout to the data block (e.g. holdout: 0.1), or export --side train' });
          }
          const stream = (opts.side === 'all' ? source : splitSource(source, share, opts.side)).open();
          await mkdir(path.dirname(file), { recursive: true });
          const out = createWriteStream(partial);
          for (; written < opts.n; written++) {
            const doc = await stream.next();
            if (!doc) break;
            const at = taskSplitAt(doc) ?? doc.text.length;
            const line = { id: doc.id, prompt: doc.text.slice(0, at), answer: doc.meta?.answer ?? doc.text.slice(at), task: doc.meta?.task ?? null, meta: doc.meta ?? {} };
            if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
          }
          out.end();
          await once(out, 'finish');
          await stream.close?.();
          if (written === 0) {
            throw new SptError({ code: 'cli.tasks-empty', what: `data ${config.data.plugin} of ${recipe.file} gave no document on the ${opts.side} side`, expected: 'at least one task document', got: '0', fix: 'check the data block (spt check) and its corpus' });
          }
          await rename(partial, file);
        } finally {
          await rm(partial, { force: true });
          await source?.close?.();
          await backend.dispose();
        }
        if (ctx.json) ctx.out(JSON.stringify({ type: 'tasks-export', file, documents: written }));
        else ctx.out(`wrote ${written} task documents to ${file}`);
      });
  },
};
