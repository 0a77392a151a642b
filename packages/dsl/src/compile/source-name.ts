/**
 * Recipes write `rollouts` (as in the candidates block); the core tags those candidates with the
 * source name `rollout`. Every other name passes through.
 */
export function sourceName(written: string): string {
  return written === 'rollouts' ? 'rollout' : written;
}

/** The inverse of sourceName, for messages. */
export function writtenSourceName(source: string): string {
  return source === 'rollout' ? 'rollouts' : source;
}
