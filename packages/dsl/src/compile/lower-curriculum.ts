import type { BlockNode, NameNode } from '../ast/ast';
import { CURRICULUM_PARAMS } from '../config/defaults';
import type { CurriculumInput } from '../config/run-config-input';
import { eachEntry } from './each-entry';
import { lowerOptions } from './lower-options';
import type { Lowering } from './lowering';
import { lowerSchedule } from './lower-schedule';
import { sourceName } from './source-name';

/**
 * `curriculum { rollouts: linear(0 -> 1, steps 0..300), temperature: cosine(1.2 -> 0.8, steps 0..600) }`:
 * keys that name a candidate source are source weights; the others are scheduled parameters.
 */
export function lowerCurriculum(lo: Lowering, node: { block: BlockNode; plugin?: NameNode }, path: string, extraSources: readonly string[]): CurriculumInput {
  const block = node.block;
  if (node.plugin) {
    // `curriculum <plugin> { <options> }`: the plugin answers weights and parameters; the block holds its options.
    lo.spans.set(`${path}.plugin`, node.plugin.range);
    lo.spans.set(`${path}.plugin.plugin`, node.plugin.range);
    return { plugin: { plugin: node.plugin.text, options: lowerOptions(lo, block, `${path}.plugin.options`) } };
  }
  const sources = ['original', 'rewrite', 'rollouts', ...extraSources];
  const allowed = [...sources, ...CURRICULUM_PARAMS];
  const out: Required<Omit<CurriculumInput, 'plugin'>> = { weights: {}, params: {} };
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
