/**
 * Server-friendly request order for judges behind a server with prefix caching (vLLM, llama.cpp's
 * server): judge prompts of one window share a long prefix (the instructions, the document prefix,
 * the reference), and a server only reuses a prefix once a request carrying it has been prefilled.
 * Sent all at once, every one of them pays the prefill. The gate lets the first request of each
 * (judge, context) pair go alone; the others of that pair wait until it has finished, then go
 * together and find the prefix cached. Requests of other pairs are not held up.
 *
 * Waiting happens before a request takes a concurrency slot, so waiters never block other work.
 * Keys are forgotten oldest first beyond `maxKeys` (a forgotten key just warms again).
 */
export interface PrefixGate {
  /** Resolves when a request with this key may be sent; call `done()` when it has been answered. */
  enter(key: string): Promise<{ done(): void }>;
  /** Requests that waited for a warm prefix, and keys warmed (for metrics and benchmarks). */
  readonly stats: { waited: number; warmed: number };
}

export function createPrefixGate(maxKeys = 50_000): PrefixGate {
  /** Per key: undefined = warm (send at once), a promise = the first request is still out. */
  const warming = new Map<string, Promise<void> | undefined>();
  const stats = { waited: 0, warmed: 0 };
  const forgetOldest = () => {
    while (warming.size > maxKeys) warming.delete(warming.keys().next().value as string);
  };
  const none = { done() {} };
  return {
    stats,
    async enter(key) {
      if (warming.has(key)) {
        const pending = warming.get(key);
        if (pending) {
          stats.waited++;
          await pending;
        }
        return none;
      }
      let release!: () => void;
      warming.set(key, new Promise<void>((r) => (release = r)));
      forgetOldest();
      return {
        done() {
          if (warming.get(key) !== undefined) warming.set(key, undefined);
          stats.warmed++;
          release();
        },
      };
    },
  };
}
