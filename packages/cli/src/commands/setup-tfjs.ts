import type { Command } from 'commander';
import { SptError } from '@spt/core';
import { checkTfjs, setupTfjs } from '@spt/backends/tfjs';
import type { CliContext } from '../command';

/**
 * `spt setup tfjs`: builds the native addon of the @tensorflow/tfjs-node that @spt/backends uses
 * (needed after `npm install --ignore-scripts`, or where tfjs-node's own download host is
 * unreachable), or reports that it loads already. `--check` builds nothing.
 */
export function registerSetupTfjs(setup: Command, ctx: CliContext): void {
  setup
    .command('tfjs')
    .description("build TensorFlow.js's native addon from the tensorflow-cpu wheel (pip) unless it loads already; the TF.js backend needs it")
    .option('--check', 'only report whether the addon loads; build nothing')
    .action(async (o: { check?: boolean }) => {
      if (o.check) {
        const { addon, loads } = await checkTfjs();
        if (!loads) {
          throw new SptError({
            code: 'setup.tfjs_missing',
            what: "TensorFlow.js's native addon does not load",
            expected: 'tfjs_binding.node of @tensorflow/tfjs-node, loading',
            got: addon ? `${addon} missing or not loading` : '@tensorflow/tfjs-node is not installed',
            fix: 'run `spt setup tfjs`',
          });
        }
        report(ctx, { addon: addon!, built: false });
        return;
      }
      report(ctx, await setupTfjs({ log: (line) => ctx.err(line) }));
    });
}

function report(ctx: CliContext, r: { addon: string; built: boolean; library?: string }): void {
  if (ctx.json) ctx.out(JSON.stringify({ type: 'setup', engine: 'tfjs', ...r }));
  else ctx.out(`TensorFlow.js native addon ${r.built ? 'built' : 'ready'}: ${r.addon}${r.library ? ` (TensorFlow C library ${r.library})` : ''}`);
}
