import { z } from 'zod';
import type { Candidate, CandidateBatch, CandidateSource, SourceContext } from '../spec/candidate-source';
import { definePlugin } from '../spec/plugin';
import type { Window } from '../spec/windower';

/**
 * `greedy`: the policy's own greedy (temperature 0) continuation of each prefix, one per window:
 * the continuation greedy evaluation will see. Judged with the rest of the pool, a greedy output
 * that loops or repeats a falsehood can become the rejected candidate, so training sees the
 * failure that sampled rollouts at temperature 1 may not show.
 */
export function createGreedySource(): CandidateSource {
  return {
    name: 'greedy',
    async produce(windows: Window[], ctx: SourceContext): Promise<CandidateBatch> {
      if (windows.length === 0) return { candidates: [], tokens: 0 };
      const { tokens } = await ctx.backend.generate({
        prompts: windows.map((w) => w.prefixTokens),
        maxNewTokens: ctx.k,
        temperature: 0,
        topP: 1,
        seeds: windows.map(() => 0),
        signal: ctx.signal,
      });
      const candidates = tokens.map((t): Candidate[] => [{ id: 'greedy:0', source: 'greedy', text: ctx.backend.tokenizer.decode(t), tokens: t }]);
      return { candidates, tokens: tokens.reduce((a, t) => a + t.length, 0) };
    },
  };
}

export const greedySourcePlugin = definePlugin<CandidateSource, Record<string, never>>({
  manifest: {
    name: 'rollout.greedy',
    kind: 'source',
    version: '0.1.0',
    description: "the policy's greedy (temperature 0) continuation of each prefix, as a candidate named greedy (source greedy rollout.greedy)",
    options: z.strictObject({}),
  },
  create: () => createGreedySource(),
});
