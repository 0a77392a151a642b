import type { Pool } from 'undici';
import { CircuitBreaker, type BreakerOptions } from './circuit-breaker';

/** Settings of one server behind a completion model. */
export interface EndpointConfig {
  /** Base URL including the API prefix, e.g. `http://10.0.0.5:8000/v1`. */
  baseUrl: string;
  /** Requests in flight at once on this endpoint. */
  concurrency: number;
}

/**
 * One server: its keep-alive connection pool, the requests in flight, a circuit breaker and a
 * "blocked until" time set by 429 answers. The router picks among endpoints by load.
 */
export class Endpoint {
  readonly origin: string;
  /** Path prefix from the base URL, without a trailing slash (e.g. `/v1`). */
  readonly basePath: string;
  /** The base URL without credentials or query, safe to show in messages and ids. */
  readonly label: string;
  readonly breaker: CircuitBreaker;
  inFlight = 0;
  blockedUntil = 0;

  constructor(
    readonly config: EndpointConfig,
    readonly pool: Pool,
    breaker: BreakerOptions,
    private readonly now: () => number = Date.now,
  ) {
    const url = new URL(config.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.label = `${url.protocol}//${url.host}${this.basePath}`;
    this.breaker = new CircuitBreaker(breaker, now);
  }

  /** Can take a request right now: below its limit, not rate-limited, circuit letting it through. */
  ready(): boolean {
    return this.inFlight < this.config.concurrency && this.usable();
  }

  /** Not rate-limited and circuit not open (it may still be full). */
  usable(): boolean {
    return this.now() >= this.blockedUntil && this.breaker.canRequest();
  }

  /** Fraction of the endpoint's capacity in use. */
  load(): number {
    return this.inFlight / this.config.concurrency;
  }

  /** When this endpoint can next be used (ms epoch), if it is blocked or open. */
  availableAt(): number {
    return Math.max(this.blockedUntil, this.breaker.reopensAt());
  }
}
