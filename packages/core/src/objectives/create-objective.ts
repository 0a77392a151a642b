import type { ObjectiveConfig } from '../spec/run-config';
import { asObjective, type CoreObjective } from './core-objective';
import { buildDpo } from './online-dpo';
import { buildNtp, buildRfNll, buildSft } from './nll-objectives';

/**
 * The objective of a phase. `beta` may be scheduled by the curriculum parameter `beta`
 * (`betaAt(step)` returns it, or undefined to use the configured value).
 */
export function createObjective(
  config: ObjectiveConfig,
  seed: number,
  betaAt: (step: number) => number | undefined = () => undefined,
): CoreObjective {
  switch (config.kind) {
    case 'online_dpo':
      return asObjective({
        name: 'online_dpo',
        kind: 'online_dpo',
        needsPool: true,
        needsJudging: true,
        run: (input) =>
          buildDpo(input, { beta: betaAt(input.step) ?? config.beta, nllAlpha: config.nllAlpha, seed }),
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
