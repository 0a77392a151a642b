import type { PluginRef } from '@spt/core';
import type { StatementNode } from '../ast/ast';
import type { Lowering } from './lowering';
import { lowerOptions } from './lower-options';

type ShapeNode = Extract<StatementNode, { kind: 'data' | 'policy' | 'metrics' | 'observe' | 'shape' }>;

/**
 * `shape <plugin> { <options> }`: one reward shaper of the chain that follows the `reward =`
 * expression. Its options may be schedules of the phase step (`linear(0.3 -> 0, steps 0..200)`).
 */
export function lowerShape(lo: Lowering, s: ShapeNode, path: string): PluginRef {
  lo.spans.set(path, s.plugin.range);
  lo.spans.set(`${path}.plugin`, s.plugin.range);
  return { plugin: s.plugin.text, options: lowerOptions(lo, s.options, `${path}.options`, undefined, { schedules: true }) };
}
