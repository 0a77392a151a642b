import os from 'node:os';

/**
 * Sets TensorFlow's thread pools before the native library loads (it reads them once).
 * Values the user exported win; `threads` defaults to all cores. Returns the intra-op count used.
 */
export function configureTensorflowEnv(threads?: number): number {
  const env = process.env;
  if (env.TF_NUM_INTRAOP_THREADS === undefined) env.TF_NUM_INTRAOP_THREADS = String(threads ?? os.availableParallelism());
  // One op runs at a time in eager mode: a single inter-op thread avoids oversubscription.
  env.TF_NUM_INTEROP_THREADS ??= '1';
  env.TF_CPP_MIN_LOG_LEVEL ??= '3';
  return Number(env.TF_NUM_INTRAOP_THREADS);
}
