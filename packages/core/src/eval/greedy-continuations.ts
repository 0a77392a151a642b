import type { EvalPrompt } from '../spec/eval-suite';
import type { PolicyBackend } from '../spec/policy-backend';

/**
 * Greedy K-token continuations of the prompts (the paper's evaluation decodes greedily), in
 * batches through the backend's batched decoder. Prefixes longer than the context allows keep
 * their last tokens.
 */
export async function greedyContinuations(
  backend: PolicyBackend,
  prompts: readonly EvalPrompt[],
  k: number,
  options: { batch?: number; signal?: AbortSignal; onBatch?: (done: number, total: number) => void } = {},
): Promise<string[]> {
  const batch = options.batch ?? 64;
  const maxPrefix = Math.max(1, backend.capabilities.maxContext - k);
  const texts: string[] = [];
  for (let start = 0; start < prompts.length; start += batch) {
    const chunk = prompts.slice(start, start + batch);
    const encoded = chunk.map((p) => {
      const ids = backend.tokenizer.encode(p.prefix);
      return ids.length > maxPrefix ? ids.slice(ids.length - maxPrefix) : ids;
    });
    const { tokens } = await backend.generate({
      prompts: encoded,
      maxNewTokens: k,
      temperature: 0,
      topP: 1,
      seeds: chunk.map((_, i) => start + i),
      stopAtEos: true,
      signal: options.signal,
    });
    for (const t of tokens) texts.push(backend.tokenizer.decode(t));
    options.onBatch?.(Math.min(start + batch, prompts.length), prompts.length);
  }
  return texts;
}
