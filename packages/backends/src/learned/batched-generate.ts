import type { PolicyBackend } from '@spt/core';

/** How one prompt is continued: greedy (temperature 0) or sampled with its own seed. */
export interface GenerateSettings {
  maxNewTokens: number;
  temperature: number;
  topP: number;
  seed: number;
  stopAtEos: boolean;
}

interface Pending {
  prompt: number[];
  settings: GenerateSettings;
  resolve: (tokens: number[]) => void;
  reject: (error: unknown) => void;
}

/** Requests that can share one `generate` call (everything but the prompt and the seed). */
const groupKey = (s: GenerateSettings) => `${s.maxNewTokens}/${s.temperature}/${s.topP}/${s.stopAtEos}`;

/**
 * Generation for many concurrent callers, batched: requests that arrive in the same turn of the
 * event loop (a judged pool's calls do) go to the backend as one `generate` of up to `maxBatch`
 * prompts per group of settings. The backend contract makes each sequence depend only on its
 * prompt, seed and the weights, so a result never depends on the batch it went in.
 */
export function batchedGenerate(backend: PolicyBackend, maxBatch: number) {
  let queue: Pending[] = [];
  let scheduled = false;
  let running = Promise.resolve();
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const groups = new Map<string, Pending[]>();
    for (const p of batch) {
      const key = groupKey(p.settings);
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    for (const all of groups.values()) {
      const { maxNewTokens, temperature, topP, stopAtEos } = all[0].settings;
      for (let i = 0; i < all.length; i += maxBatch) {
        const part = all.slice(i, i + maxBatch);
        // One generate at a time: the backend is one model.
        running = running.then(async () => {
          try {
            const { tokens } = await backend.generate({ prompts: part.map((p) => p.prompt), maxNewTokens, temperature, topP, seeds: part.map((p) => p.settings.seed), stopAtEos });
            part.forEach((p, j) => p.resolve(tokens[j]));
          } catch (error) {
            part.forEach((p) => p.reject(error));
          }
        });
      }
    }
  };
  return (prompt: number[], settings: GenerateSettings): Promise<number[]> =>
    new Promise((resolve, reject) => {
      queue.push({ prompt, settings, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
