import path from 'node:path';
import type { CliCommand } from '../command';
import { wholeNumberOption } from '../option-parsers';
import { runEval } from '../eval/run-eval';
import { compileRecipeFile, defaultRecipePath } from '../recipe';
import { configForRunDir } from '../run/run-seed';

interface EvalOptions {
  runDir?: string;
  prefixes?: number;
  seeds?: number;
  against?: string;
  lmEval?: string;
  lmEvalInclude?: string;
  lmEvalLimit?: number;
}

const positiveInt = (flag: string) => wholeNumberOption(flag, { example: '3' });

/** `spt eval [recipe]`: greedy continuations of held-out prefixes by each checkpoint of a run, judged. */
export const evalCommand: CliCommand = {
  name: 'eval',
  register(program, ctx) {
    program
      .command('eval')
      .description("evaluate a finished run's checkpoints (start model and each arm) on held-out prefixes")
      .argument('[recipe]', 'the recipe the run was made from (default: the quick start)')
      .option('--run-dir <dir>', 'the run folder (default: runs/<recipe name>)')
      .option('--prefixes <n>', 'prefixes per evaluation set (default: the recipe eval setting)', positiveInt('--prefixes'))
      .option('--seeds <n>', 'prompt seeds; results give mean and spread (default: the recipe eval setting)', positiveInt('--seeds'))
      .option('--against <model>', 'reference model for win rates: start or an arm name')
      .option('--lm-eval <tasks>', 'also run lm-evaluation-harness tasks (comma-separated) on every model, exported to Hugging Face format')
      .option('--lm-eval-include <dir>', 'a folder of lm-eval task YAMLs and their local data files')
      .option('--lm-eval-limit <n>', 'documents per lm-eval task (for a quick look)', positiveInt('--lm-eval-limit'))
      .action(async (recipeArg: string | undefined, opts: EvalOptions) => {
        const file = recipeArg ? path.resolve(ctx.cwd, recipeArg) : defaultRecipePath();
        const recipe = await compileRecipeFile(ctx, file);
        const runDir = path.resolve(ctx.cwd, opts.runDir ?? path.join('runs', recipe.config.name));
        const log = (m: string) => (ctx.json ? ctx.out(JSON.stringify({ type: 'log', message: m })) : ctx.err(m));
        // A `spt run --seed` folder records its training seed; the evaluation prompts derive from it.
        const { config, stored, data } = configForRunDir(recipe.config, runDir);
        if (stored) log(`training seed ${stored.seed} (from ${path.join(runDir, 'seed.json')}; the recipe says ${stored.recipeSeed})`);
        if (data) log(`data options ${JSON.stringify(data.options)} (from ${path.join(runDir, 'data.json')}) over the recipe's`);
        const { report, table, files } = await runEval({
          config,
          registry: recipe.registry,
          runDir,
          prefixes: opts.prefixes,
          seeds: opts.seeds,
          against: opts.against,
          ...(opts.lmEval
            ? {
                lmEval: {
                  tasks: opts.lmEval.split(',').map((t) => t.trim()).filter(Boolean),
                  ...(opts.lmEvalInclude ? { include: path.resolve(ctx.cwd, opts.lmEvalInclude) } : {}),
                  ...(opts.lmEvalLimit ? { limit: opts.lmEvalLimit } : {}),
                },
              }
            : {}),
          log,
        });
        if (ctx.json) ctx.out(JSON.stringify({ type: 'eval', ...report, files }));
        else ctx.out(`${table}\n\nwritten: ${files.join(', ')}`);
      });
  },
};
