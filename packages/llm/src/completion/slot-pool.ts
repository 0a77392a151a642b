/**
 * A fixed set of reusable resources (e.g. llama.cpp context sequences) handed out one caller at a
 * time, FIFO, with cancellation while waiting.
 */
export class SlotPool<T> {
  private readonly free: T[];
  private readonly waiters: Array<{ resolve(item: T): void; reject(e: unknown): void; signal?: AbortSignal; onAbort?: () => void }> = [];

  constructor(items: readonly T[]) {
    this.free = [...items];
  }

  acquire(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const item = this.free.pop();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise<T>((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  release(item: T): void {
    const waiter = this.waiters.shift();
    if (!waiter) {
      this.free.push(item);
      return;
    }
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.resolve(item);
  }
}
