import type { PairwiseInput, PointwiseInput } from '@spt/core';
import { canonicalJson, sha256 } from '../util/hash';

/**
 * The cache key of one judgment sample: judge name and version (which include the prompt version,
 * the model id and the sampling settings), every input text, the document meta and the sample
 * index. The seed is left out on purpose: sample i of the same inputs is reused across runs.
 */
export function judgmentKey(
  judge: { name: string; version: string },
  input: PointwiseInput | PairwiseInput,
  sample: number,
): string {
  return sha256(canonicalJson({ j: judge.name, v: judge.version, i: input, s: sample }));
}
