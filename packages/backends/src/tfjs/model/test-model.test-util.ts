import { type GptConfig } from './config';
import { initialWeights } from './init';
import { type Params, paramsFromArrays } from './params';

/** A tiny model for tests: 2 layers, d 16, 2 heads, context 32, vocab 23, untied or tied head. */
export function tinyConfig(over: Partial<GptConfig> = {}): GptConfig {
  return { layers: 2, dModel: 16, heads: 2, headDim: 8, context: 32, ffnDim: 24, vocab: 23, tiedHead: false, ropeTheta: 10000, normEps: 1e-5, initStd: 0.3, dropout: 0, ...over };
}

/** Seeded parameters; norms perturbed away from 1 so their gradients are exercised. */
export function tinyParams(c: GptConfig, seed = 1): Params {
  const w = initialWeights(c, seed);
  for (const [name, v] of w) if (name.endsWith('norm')) v.data.forEach((_, i) => (v.data[i] = 1 + 0.1 * Math.sin(i + name.length)));
  return paramsFromArrays(c, w);
}
