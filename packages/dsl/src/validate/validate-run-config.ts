import type { PluginRegistry, RunConfig } from '@spt/core';
import { checkJudges, checkReward } from './check-judges';
import { checkPlugin } from './check-plugins';
import { checkPhases, checkSettings, checkWindow } from './check-run';
import { checkCurriculum, checkShaperSchedules } from './check-schedules';
import { IssueSink, type ConfigIssue } from './issues';
import { allPhases } from './pool';

export interface ValidateOptions {
  /** Plugins to check names and options against; without it only the run's own settings are checked. */
  registry?: PluginRegistry;
}

/**
 * Checks a complete RunConfig (from a recipe or from defineRunConfig): plugins and their options,
 * judge modes, the reward's aspects, schedules against phases, window against the policy's
 * context, and every setting's limits. Returns issues located by config path; never throws.
 */
export function validateRunConfig(config: RunConfig, options: ValidateOptions = {}): ConfigIssue[] {
  const sink = new IssueSink();
  const { registry } = options;
  if (!config.name) sink.error('config.name', 'name', 'the run has no name', { expected: 'a name', fix: 'name the recipe: recipe <name> { ... }' });
  let policyOptions: Record<string, unknown> | undefined;
  if (registry) {
    checkPlugin(sink, registry, 'data', config.data, 'data');
    policyOptions = checkPlugin(sink, registry, 'policy', config.policy, 'policy')?.options;
    const pools = [{ c: config.candidates, path: 'candidates' }, ...allPhases(config).flatMap((p) => (p.phase.candidates ? [{ c: p.phase.candidates, path: `${p.path}.candidates` }] : []))];
    for (const { c, path } of pools) {
      if (c.rewrite) checkPlugin(sink, registry, 'rewriter', c.rewrite, `${path}.rewrite`);
      for (const [name, ref] of Object.entries(c.extra ?? {})) checkPlugin(sink, registry, 'source', ref, `${path}.extra.${name}`);
    }
    (config.metrics ?? []).forEach((m, i) => checkPlugin(sink, registry, 'metrics', m, `metrics.${i}`));
    (config.observers ?? []).forEach((m, i) => checkPlugin(sink, registry, 'observer', m, `observers.${i}`));
    (config.shapers ?? []).forEach((s, i) => checkPlugin(sink, registry, 'reward', s, `shapers.${i}`));
    if (config.curriculum.plugin) checkPlugin(sink, registry, 'curriculum', config.curriculum.plugin, 'curriculum.plugin');
    for (const p of allPhases(config)) {
      const c = p.phase.curriculum?.plugin;
      if (c) checkPlugin(sink, registry, 'curriculum', c, `${p.path}.curriculum.plugin`);
    }
    for (const p of allPhases(config)) {
      const o = p.phase.objective;
      if (o.kind === 'plugin') checkPlugin(sink, registry, 'objective', { plugin: o.plugin, options: o.options }, `${p.path}.objective`);
    }
    for (const p of allPhases(config)) (p.phase.shapers ?? []).forEach((s, i) => checkPlugin(sink, registry, 'reward', s, `${p.path}.shapers.${i}`));
    if (config.eval?.suite) checkPlugin(sink, registry, 'eval', config.eval.suite, 'eval.suite');
  }
  checkWindow(sink, config, policyOptions);
  checkJudges(sink, config, registry);
  checkReward(sink, config);
  checkPhases(sink, config);
  checkCurriculum(sink, config);
  checkShaperSchedules(sink, config);
  checkSettings(sink, config);
  return sink.issues;
}
