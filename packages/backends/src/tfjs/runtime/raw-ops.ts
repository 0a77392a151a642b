/**
 * Direct calls to TensorFlow ops through the tfjs-node kernel backend, for the few places where
 * tfjs' composite ops cost several kernel launches (~13 us each) and TensorFlow has one op.
 * Results are ordinary tfjs tensors (tracked by tf.tidy) but are NOT recorded for autodiff:
 * use them in inference or inside tf.customGrad.
 */
import type { Tensor } from '@tensorflow/tfjs-node';
import { tf } from './tf';

interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}
interface NodeBackend {
  binding: { TF_ATTR_TYPE: number; TF_ATTR_BOOL: number; TF_FLOAT: number; TF_INT32: number };
  executeSingleOutput(name: string, attrs: OpAttr[], inputs: Tensor[]): Tensor;
  executeMultipleOutputs(name: string, attrs: OpAttr[], inputs: Tensor[], n: number): Tensor[];
}

const backend = tf.backend() as unknown as NodeBackend;
const b = backend.binding;
const typeAttr = (name: string, dtype: 'float32' | 'int32' = 'float32'): OpAttr => ({
  name,
  type: b.TF_ATTR_TYPE,
  value: dtype === 'float32' ? b.TF_FLOAT : b.TF_INT32,
});
const boolAttr = (name: string, value: boolean): OpAttr => ({ name, type: b.TF_ATTR_BOOL, value });

/**
 * Batched matmul with broadcasting of leading dims, one TF op (tfjs adds reshapes around it).
 * a: [..., m, k] (or [..., k, m] with adjA), b: [..., k, n] (or [..., n, k] with adjB).
 */
export function batchMatMul(a: Tensor, bT: Tensor, adjA = false, adjB = false): Tensor {
  return backend.executeSingleOutput('BatchMatMulV2', [typeAttr('T'), boolAttr('adj_x', adjA), boolAttr('adj_y', adjB)], [a, bT]);
}

/**
 * Cross-entropy of integer labels in one op. logits: [N, V] float32, labels: [N] int32.
 * Returns [loss [N] = -log softmax(logits)[label], backprop [N, V] = softmax - onehot].
 */
export function sparseSoftmaxCrossEntropy(logits: Tensor, labels: Tensor): [Tensor, Tensor] {
  const [loss, backprop] = backend.executeMultipleOutputs(
    'SparseSoftmaxCrossEntropyWithLogits',
    [typeAttr('T'), typeAttr('Tlabels', 'int32')],
    [logits, labels],
    2,
  );
  return [loss, backprop];
}

/** Softmax over the last axis, one op. */
export function softmax(x: Tensor): Tensor {
  return backend.executeSingleOutput('Softmax', [typeAttr('T')], [x]);
}

/** dy * y * (1 - y) for y = sigmoid(x), one op. */
export function sigmoidGrad(y: Tensor, dy: Tensor): Tensor {
  return backend.executeSingleOutput('SigmoidGrad', [typeAttr('T')], [y, dy]);
}

/** Downloads a tensor's values and disposes it. */
export function take(t: Tensor): Float32Array {
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}
