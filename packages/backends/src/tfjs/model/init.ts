import { createRng, deriveSeed } from '@spt/core';
import { type GptConfig, parameterShapes } from './config';

/**
 * Initial weights as plain arrays (pure, seeded, independent of TensorFlow): norms at 1, matrices
 * normal(0, init_std), output projections (wo, wd) scaled by 1/sqrt(2 layers) as in GPT-2.
 */
export function initialWeights(c: GptConfig, seed: number): Map<string, { shape: number[]; data: Float32Array }> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of parameterShapes(c)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (name.endsWith('norm')) {
      data.fill(1);
    } else {
      const std = /\.(wo|wd)$/.test(name) ? c.initStd / Math.sqrt(2 * c.layers) : c.initStd;
      const rng = createRng(deriveSeed(seed, 'tfjs.gpt.init', name));
      for (let i = 0; i < size; i++) data[i] = rng.normal() * std;
    }
    out.set(name, { shape, data });
  }
  return out;
}
