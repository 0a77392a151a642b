import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand, CliContext } from '../command';
import { EXIT } from '../exit-codes';
import { loadDsl, readRecipe } from '../recipe';

interface FmtOptions {
  write?: boolean;
  check?: boolean;
}

/** Formats one file: prints it, rewrites it, or only reports whether it would change. */
async function fmtOne(ctx: CliContext, file: string, opts: FmtOptions): Promise<'ok' | 'changed' | 'invalid'> {
  const dsl = await loadDsl();
  const text = readRecipe(file);
  const shown = path.relative(ctx.cwd, file) || file;
  const result = dsl.formatRecipe(text, shown);
  if (result.text === undefined) {
    if (ctx.json) ctx.out(JSON.stringify({ type: 'format', file: shown, ok: false, diagnostics: result.diagnostics }));
    else ctx.err(dsl.formatDiagnostics(result.diagnostics, text, shown));
    return 'invalid';
  }
  if (opts.write && result.changed) writeFileSync(file, result.text);
  if (ctx.json) {
    ctx.out(JSON.stringify({ type: 'format', file: shown, ok: true, changed: result.changed, written: Boolean(opts.write && result.changed), ...(opts.write || opts.check ? {} : { text: result.text }) }));
  } else if (opts.check) {
    if (result.changed) ctx.out(`${shown}: not formatted`);
  } else if (opts.write) {
    if (result.changed) ctx.err(`formatted ${shown}`);
  } else {
    ctx.out(result.text.replace(/\n$/, ''));
  }
  return result.changed ? 'changed' : 'ok';
}

/**
 * `spt fmt <recipe...>`: prints each recipe in canonical form (comments kept); `--write` rewrites
 * the files, `--check` only lists those that are not formatted and exits 1 if there are any.
 */
export const fmtCommand: CliCommand = {
  name: 'fmt',
  register(program, ctx) {
    program
      .command('fmt')
      .description('print recipes in canonical form (--write rewrites them, --check lists unformatted ones)')
      .argument('<recipes...>', '.spt recipe files')
      .option('-w, --write', 'rewrite the files in place')
      .option('--check', 'write nothing; exit 1 if a file is not formatted')
      .option('--json', 'one JSON object per file')
      .action(async (files: string[], opts: FmtOptions) => {
        const results: string[] = [];
        for (const f of files) results.push(await fmtOne(ctx, path.resolve(ctx.cwd, f), opts));
        const code = results.includes('invalid') ? EXIT.badInput : opts.check && results.includes('changed') ? EXIT.failed : EXIT.ok;
        ctx.setExitCode(code);
      });
  },
};
