import path from 'node:path';
import { Option } from 'commander';
import { openTfjsCheckpoint } from '@spt/backends/tfjs';
import type { CliCommand } from '../command';

/** `spt export <checkpoint> --format hf --out dir`: a Hugging Face folder from a saved policy. */
export const exportCommand: CliCommand = {
  name: 'export',
  register(program, ctx) {
    program
      .command('export')
      .description('export a saved policy for other tools (hf: a Hugging Face Llama folder, loadable by transformers)')
      .argument('<checkpoint>', 'checkpoint folder (a run checkpoint or a tfjs.gpt save folder)')
      .addOption(new Option('--format <format>', 'output format').choices(['hf']).default('hf'))
      .requiredOption('-o, --out <dir>', 'output folder')
      .action(async (checkpoint: string, opts: { format: string; out: string }) => {
        const backend = await openTfjsCheckpoint(path.resolve(ctx.cwd, checkpoint));
        try {
          const out = path.resolve(ctx.cwd, opts.out);
          await backend.export(out, 'hf-safetensors');
          if (ctx.json) ctx.out(JSON.stringify({ type: 'export', format: opts.format, dir: out }));
          else ctx.out(`exported ${opts.format} to ${out} (config.json, model.safetensors, tokenizer.json)`);
        } finally {
          await backend.dispose();
        }
      });
  },
};
