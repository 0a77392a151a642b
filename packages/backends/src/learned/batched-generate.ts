import type { PolicyBackend } from '@spt/core';

interface Pending {
  prompt: number[];
  maxNewTokens: number;
  resolve: (tokens: number[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Greedy generation for many concurrent callers, batched: requests that arrive in the same turn of
 * the event loop (a judged pool's calls do) go to the backend as one `generate` of up to `maxBatch`
 * prompts per max-new-tokens value. Greedy decoding makes each result independent of the batch.
 */
export function batchedGreedy(backend: PolicyBackend, maxBatch: number) {
  let queue: Pending[] = [];
  let scheduled = false;
  let running = Promise.resolve();
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const groups = new Map<number, Pending[]>();
    for (const p of batch) groups.set(p.maxNewTokens, [...(groups.get(p.maxNewTokens) ?? []), p]);
    for (const [maxNewTokens, all] of groups) {
      for (let i = 0; i < all.length; i += maxBatch) {
        const part = all.slice(i, i + maxBatch);
        // One generate at a time: the backend is one model.
        running = running.then(async () => {
          try {
            const { tokens } = await backend.generate({ prompts: part.map((p) => p.prompt), maxNewTokens, temperature: 0, topP: 1, seeds: part.map(() => 0), stopAtEos: true });
            part.forEach((p, j) => p.resolve(tokens[j]));
          } catch (error) {
            part.forEach((p) => p.reject(error));
          }
        });
      }
    }
  };
  return (prompt: number[], maxNewTokens: number): Promise<number[]> =>
    new Promise((resolve, reject) => {
      queue.push({ prompt, maxNewTokens, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
