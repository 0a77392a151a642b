import type { Endpoint } from './endpoint';

/** Thrown by `acquire` when every endpoint is rate-limited or has its circuit open. */
export class EndpointsUnavailable extends Error {
  constructor(readonly retryAtMs: number) {
    super('every endpoint is rate-limited or has its circuit open');
  }
}

interface Waiter {
  resolve(endpoint: Endpoint): void;
  reject(error: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Least-loaded routing over endpoints with per-endpoint concurrency limits. `acquire` hands out
 * the ready endpoint with the lowest load (ties: the first listed); when all are full, callers
 * queue in FIFO order; when none is usable at all, it throws EndpointsUnavailable so the caller
 * can back off instead of queueing behind a dead server.
 */
export class EndpointRouter {
  private readonly waiters: Waiter[] = [];

  constructor(
    readonly endpoints: readonly Endpoint[],
    private readonly now: () => number = Date.now,
  ) {}

  acquire(signal?: AbortSignal): Promise<Endpoint> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.waiters.length === 0) {
      const picked = this.pick();
      if (picked) return Promise.resolve(this.take(picked));
    }
    if (!this.endpoints.some((e) => e.usable())) return Promise.reject(this.unavailable());
    return new Promise<Endpoint>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  /** Gives a slot back and lets queued callers in. */
  release(endpoint: Endpoint): void {
    endpoint.inFlight--;
    this.drain();
  }

  /** Callers waiting for a slot. */
  queued(): number {
    return this.waiters.length;
  }

  private drain(): void {
    while (this.waiters.length > 0) {
      const picked = this.pick();
      if (picked) {
        const waiter = this.waiters.shift() as Waiter;
        if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(this.take(picked));
        continue;
      }
      if (this.endpoints.some((e) => e.usable())) return;
      const error = this.unavailable();
      for (const waiter of this.waiters.splice(0)) {
        if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
        waiter.reject(error);
      }
    }
  }

  private pick(): Endpoint | undefined {
    let best: Endpoint | undefined;
    for (const e of this.endpoints) {
      if (e.ready() && (best === undefined || e.load() < best.load())) best = e;
    }
    return best;
  }

  private take(endpoint: Endpoint): Endpoint {
    endpoint.inFlight++;
    endpoint.breaker.onStart();
    return endpoint;
  }

  private unavailable(): EndpointsUnavailable {
    const at = Math.min(...this.endpoints.map((e) => e.availableAt()));
    return new EndpointsUnavailable(Math.max(at, this.now()));
  }
}
