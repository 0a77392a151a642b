import { SptError } from '../errors';
import type { PluginRegistry } from '../plugins/registry';
import type { PluginRef, RunConfig } from '../spec/run-config';

/**
 * The evaluation suite of a run: the one its `eval { suite: ... }` names, else the data plugin's
 * own (`<data>.eval`, e.g. `testbed.eval`). Shared by `spt eval` and the in-loop evaluation points.
 */
export function suiteRef(config: RunConfig, registry: PluginRegistry): PluginRef {
  if (config.eval?.suite) return config.eval.suite;
  const own = `${config.data.plugin}.eval`;
  if (registry.has('eval', own)) return { plugin: own, options: {} };
  // Any other corpus with held-out documents: the recipe's own judges score them.
  if (config.data.holdout && registry.has('eval', 'judged')) return { plugin: 'judged', options: {} };
  throw new SptError({
    code: 'eval.no-suite',
    what: `no evaluation suite for data "${config.data.plugin}"`,
    expected: `an eval plugin: "${own}", one named in the recipe (eval { suite: <plugin> }), or held-out documents for the judged suite (data { holdout })`,
    got: `eval plugins: ${registry.manifests('eval').map((m) => m.name).join(', ') || 'none'}`,
    fix: `hold documents out for the judged suite, e.g. data ${config.data.plugin} { ..., holdout: 0.05 }, or name a suite: eval every 100 { suite: <plugin> }`,
  });
}

/**
 * Seed of the `index`-th evaluation prompt draw (0-based) of a run: `spt eval --seeds n` uses
 * indices 0..n-1, the in-loop evaluation uses index 0, so both score the same first prompt set.
 * The base is `eval { prompt_seed }` when the recipe sets it, else the training seed.
 */
export function evalPromptSeed(config: RunConfig, index: number): number {
  return (config.eval?.promptSeed ?? config.train.seed) * 1000 + index;
}
