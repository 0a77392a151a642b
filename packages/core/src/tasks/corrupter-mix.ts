import type { Rewriter } from '../spec/rewriter';
import { createRng, deriveSeed } from '../util/rng';

/**
 * Several corrupters as one (`corrupt: [ {...}, {...} ]`): each task starts with the corrupter its
 * seed draws (uniformly) and falls back to the next ones in turn when that one refuses, so a task is
 * skipped only when all refuse. One corrupter is returned as it is.
 */
export function corrupterMix(parts: readonly Rewriter[]): Rewriter {
  if (parts.length === 1) return parts[0];
  return {
    name: `mix(${parts.map((p) => p.name).join(', ')})`,
    version: parts.map((p) => p.version).join('+'),
    async rewrite(input, call) {
      const first = createRng(deriveSeed(call.seed, 'corrupter')).int(parts.length);
      const reasons: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        const part = parts[(first + i) % parts.length];
        const r = await part.rewrite(input, call);
        if (r.ok) return r;
        reasons.push(`${part.name}: ${r.reason}`);
      }
      return { ok: false, reason: reasons.join('; ') };
    },
  };
}
