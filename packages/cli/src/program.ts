import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { CliContext } from './command';
import { commands } from './commands/index';
import { createCliContext, processDeps, type CliDeps, type CliState } from './context';
import { EXIT, exitCodeForError } from './exit-codes';
import { reportError } from './report-error';

/** The CLI's own version (package.json sits one folder above both src/ and dist/). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const EXIT_HELP = `
Exit codes: ${EXIT.ok} ok, ${EXIT.failed} failed, ${EXIT.badInput} bad input (usage, recipe, plugin or option), ${EXIT.aborted} interrupted (Ctrl-C; a run leaves a resumable checkpoint).
Run \`spt <command> --help\` for a command's options; docs/cli.md describes them all.`;

/** The commander program with every command of src/commands registered on it. */
export function createProgram(ctx: CliContext, state: CliState, deps: Pick<CliDeps, 'out' | 'err'>): Command {
  const program = new Command('spt')
    .description('Self-Improving Pretraining: run, check and inspect .spt recipes')
    .version(cliVersion(), '-V, --version')
    .option('--json', 'machine-readable output: one JSON object per line on stdout')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.out(s.replace(/\n$/, '')),
      writeErr: (s) => deps.err(s.replace(/\n$/, '')),
      outputError: (s, write) => {
        if (state.json) deps.out(JSON.stringify({ type: 'error', code: 'cli.usage', message: s.replace(/^error: /, '').trim() }));
        else write(s);
      },
    })
    .addHelpText('after', EXIT_HELP)
    .hook('preAction', (_program, action) => {
      state.json = Boolean(action.optsWithGlobals().json);
    });
  for (const command of commands) command.register(program, ctx);
  return program;
}

/**
 * Runs `spt` with the arguments after the binary name and resolves to the exit code. Errors that
 * escape a command are printed (text or `--json`) and mapped to EXIT codes; nothing calls
 * process.exit here, so tests run the CLI in-process with fake deps.
 */
export async function runCli(argv: readonly string[], overrides: Partial<CliDeps> = {}): Promise<number> {
  const deps: CliDeps = { ...processDeps(), ...overrides };
  const state: CliState = { json: argv.includes('--json'), exitCode: EXIT.ok };
  const ctx = createCliContext(deps, state);
  const program = createProgram(ctx, state, deps);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) reportError(ctx, error, process.env.SPT_DEBUG === '1');
    return exitCodeForError(error);
  }
}
