import type { RunEvent, RunObserver } from '../spec/run-observer';

/** Fan-out of run events to observers (synchronously) and to async-iterable subscribers. */
export interface EventHub {
  emit(event: RunEvent): void;
  /** One more observer, from now on (a recipe's `observe` plugins, once created). */
  observe(observer: RunObserver): void;
  /** Events emitted from now on; the iteration ends after `close`. */
  subscribe(): AsyncIterable<RunEvent>;
  close(): void;
}

/**
 * An observer that throws is reported once on stderr and otherwise ignored: watching a run must
 * never break it. Subscribers buffer without bound until they read.
 */
export function createEventHub(initial: readonly RunObserver[] = []): EventHub {
  const observers = [...initial];
  const subscribers = new Set<{ queue: RunEvent[]; wake?: () => void }>();
  const broken = new Set<RunObserver>();
  let closed = false;
  return {
    emit(event) {
      for (const o of observers) {
        try {
          o.onEvent(event);
        } catch (e) {
          if (!broken.has(o)) console.error(`spt: a run observer threw and is ignored for this event: ${(e as Error).message}`);
          broken.add(o);
        }
      }
      for (const s of subscribers) {
        s.queue.push(event);
        s.wake?.();
      }
    },
    observe(observer) {
      observers.push(observer);
    },
    subscribe() {
      const sub: { queue: RunEvent[]; wake?: () => void } = { queue: [] };
      if (!closed) subscribers.add(sub);
      return {
        async *[Symbol.asyncIterator]() {
          try {
            for (;;) {
              while (sub.queue.length) yield sub.queue.shift() as RunEvent;
              if (closed) return;
              await new Promise<void>((resolve) => (sub.wake = resolve));
              sub.wake = undefined;
            }
          } finally {
            subscribers.delete(sub);
          }
        },
      };
    },
    close() {
      closed = true;
      for (const s of subscribers) s.wake?.();
    },
  };
}
