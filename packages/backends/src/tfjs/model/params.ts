import type { Tensor } from '@tensorflow/tfjs-node';
import { SptError } from '@spt/core';
import { tf } from '../runtime/tf';
import { type GptConfig, parameterShapes } from './config';

/** Model parameters by name (see parameterShapes); plain tensors kept outside any tidy. */
export type Params = Map<string, Tensor>;

/** Makes kept tensors from arrays; throws if a parameter is missing or has the wrong size. */
export function paramsFromArrays(c: GptConfig, arrays: Map<string, { shape: number[]; data: Float32Array }>): Params {
  const params: Params = new Map();
  for (const [name, shape] of parameterShapes(c)) {
    const found = arrays.get(name);
    const size = shape.reduce((a, b) => a * b, 1);
    if (!found || found.data.length !== size) {
      throw new SptError({
        code: 'checkpoint.mismatch',
        what: `the saved weights do not fit this model: parameter ${name} is ${found ? `${found.shape.join('x')}` : 'missing'}`,
        expected: `${name} of shape ${shape.join('x')}`,
        got: found ? found.shape.join('x') : 'nothing',
        fix: 'load the checkpoint into a backend with the same architecture options (layers, d_model, heads, ffn_dim, vocab, tied_head)',
      });
    }
    params.set(name, tf.keep(tf.tensor(found.data, shape, 'float32')));
  }
  return params;
}

/** Deep copy (new kept tensors). */
export function cloneParams(params: Params): Params {
  return new Map([...params].map(([name, t]) => [name, tf.keep(t.clone())]));
}

export function disposeParams(params: Params): void {
  for (const t of params.values()) t.dispose();
}

/** Parameter values as arrays (downloads from the device). */
export async function paramsToArrays(params: Params): Promise<Map<string, { shape: number[]; data: Float32Array }>> {
  const out = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, t] of params) out.set(name, { shape: [...t.shape], data: (await t.data()) as Float32Array });
  return out;
}

/** Parameters with weight decay: matrices only (not norms or, by convention, embeddings' norms). */
export function decays(name: string): boolean {
  return !name.endsWith('norm');
}
