import type { BlockNode } from '../ast/ast';
import { CURRICULUM_PARAMS } from '../config/defaults';
import type { CurriculumInput } from '../config/run-config-input';
import { eachEntry } from './each-entry';
import type { Lowering } from './lowering';
import { lowerSchedule } from './lower-schedule';
import { sourceName } from './source-name';

/**
 * `curriculum { rollouts: linear(0 -> 1, steps 0..300), temperature: cosine(1.2 -> 0.8, steps 0..600) }`:
 * keys that name a candidate source are source weights; the others are scheduled parameters.
 */
export function lowerCurriculum(lo: Lowering, block: BlockNode, path: string, extraSources: readonly string[]): CurriculumInput {
  const sources = ['original', 'rewrite', 'rollouts', ...extraSources];
  const allowed = [...sources, ...CURRICULUM_PARAMS];
  const out: Required<CurriculumInput> = { weights: {}, params: {} };
  const paths = Object.fromEntries(
    allowed.map((k) => [k, sources.includes(k) ? `${path}.weights.${sourceName(k)}` : `${path}.params.${k}`]),
  );
  eachEntry(lo, block, 'curriculum', allowed, paths, (entry, key) => {
    const spec = lowerSchedule(lo, entry.value, paths[key], key);
    if (!spec) return;
    if (sources.includes(key)) out.weights[sourceName(key)] = spec;
    else out.params[key] = spec;
  });
  return out;
}
