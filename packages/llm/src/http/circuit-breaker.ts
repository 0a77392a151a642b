/** Settings of a circuit breaker. */
export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** First open period in ms; doubles each time a half-open probe fails, up to maxCooldownMs. */
  cooldownMs: number;
  maxCooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * Stops sending requests to an endpoint that keeps failing. Closed: requests flow. After
 * `failures` consecutive failures: open for a cooldown, no requests. Then half-open: one probe
 * request; its success closes the circuit, its failure reopens it for twice as long.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  private cooldown: number;
  private probing = false;
  private opened = false;

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.cooldown = options.cooldownMs;
  }

  state(): BreakerState {
    if (!this.opened) return 'closed';
    return this.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** True if a request may go out now (in half-open, only one probe at a time). */
  canRequest(): boolean {
    const s = this.state();
    return s === 'closed' || (s === 'half-open' && !this.probing);
  }

  /** Marks the start of a request; in half-open it becomes the probe. */
  onStart(): void {
    if (this.state() === 'half-open') this.probing = true;
  }

  onSuccess(): void {
    this.consecutive = 0;
    this.opened = false;
    this.probing = false;
    this.cooldown = this.options.cooldownMs;
  }

  onFailure(): void {
    this.consecutive++;
    if (this.probing) {
      this.probing = false;
      this.cooldown = Math.min(this.options.maxCooldownMs, this.cooldown * 2);
      this.open();
    } else if (!this.opened && this.consecutive >= this.options.failures) {
      this.open();
    }
  }

  /** A request that ended without telling anything about the endpoint (e.g. the caller aborted). */
  onNeutral(): void {
    this.probing = false;
  }

  /** When the circuit lets a probe through again (ms epoch); 0 when closed. */
  reopensAt(): number {
    return this.opened ? this.openUntil : 0;
  }

  private open(): void {
    this.opened = true;
    this.openUntil = this.now() + this.cooldown;
  }
}
