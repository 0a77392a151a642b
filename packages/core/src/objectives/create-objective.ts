import type { ObjectiveConfig } from '../spec/run-config';

/** The objectives the core implements itself (a plugin objective is created through the registry). */
export type BuiltinObjectiveConfig = Exclude<ObjectiveConfig, { kind: 'plugin' }>;
import { asObjective, type CoreObjective } from './core-objective';
import { buildDpo } from './online-dpo';
import { buildGrpo } from './grpo';
import { buildNtp, buildRfNll, buildSft } from './nll-objectives';

/**
 * The objective of a phase. Curriculum parameters may schedule `beta`, `nll_alpha`, `ntp_alpha` and `kl_beta`:
 * `scheduled(name, step)` returns the value, or undefined to use the configured one. `step` is the
 * step within the phase (ObjectiveInput.step is the global step, used for seeds).
 */
export function createObjective(
  config: BuiltinObjectiveConfig,
  seed: number,
  scheduled: (parameter: string, phaseStep: number) => number | undefined = () => undefined,
  phaseStepOf: (globalStep: number) => number = (s) => s,
  /** The window's K: Dr. GRPO's length constant. */
  k = 64,
): CoreObjective {
  switch (config.kind) {
    case 'online_dpo':
      return asObjective({
        name: 'online_dpo',
        kind: 'online_dpo',
        needsPool: true,
        needsJudging: true,
        run: (input) =>
          buildDpo(input, {
            beta: scheduled('beta', phaseStepOf(input.step)) ?? config.beta,
            nllAlpha: scheduled('nll_alpha', phaseStepOf(input.step)) ?? config.nllAlpha,
            ntpAlpha: scheduled('ntp_alpha', phaseStepOf(input.step)) ?? config.ntpAlpha ?? 0,
            pairsPerPool: config.pairsPerPool ?? 1,
            minGap: config.minGap ?? 0,
            seed,
          }),
      });
    case 'grpo':
      return asObjective({
        name: config.variant,
        kind: 'grpo',
        needsPool: true,
        needsJudging: true,
        onlySources: ['rollout'],
        run: (input) => buildGrpo(input, { clip: config.clip, klBeta: scheduled('kl_beta', phaseStepOf(input.step)) ?? config.klBeta, variant: config.variant, k }),
      });
    case 'rf_nll':
      return asObjective({ name: 'rf_nll', kind: 'rf_nll', needsPool: true, needsJudging: true, run: (i) => buildRfNll(i, seed) });
    case 'sft':
      return asObjective({
        name: `sft:${config.source}`,
        kind: 'sft',
        needsPool: true,
        needsJudging: false,
        onlySources: [config.source],
        run: (input) => buildSft(input, config.source),
      });
    case 'ntp':
      return asObjective({ name: 'ntp', kind: 'ntp', needsPool: false, needsJudging: false, run: buildNtp });
  }
}
