import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from '../runtime/tf';
import { type GptConfig, parameterShapes } from './config';

/** Model parameters by name (see parameterShapes); plain tensors kept outside any tidy. */
export type Params = Map<string, Tensor>;

/** Makes kept tensors from arrays; throws if a parameter is missing or has the wrong size. */
export function paramsFromArrays(c: GptConfig, arrays: Map<string, { shape: number[]; data: Float32Array }>): Params {
  const params: Params = new Map();
  for (const [name, shape] of parameterShapes(c)) {
    const found = arrays.get(name);
    if (!found) throw new Error(`parameter ${name} is missing`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (found.data.length !== size) throw new Error(`parameter ${name} has ${found.data.length} values, expected ${size} (${shape.join('x')})`);
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
