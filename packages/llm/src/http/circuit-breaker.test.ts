import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

describe('circuit breaker', () => {
  it('opens after N consecutive failures, half-opens after the cooldown, and closes on a good probe', () => {
    let t = 0;
    const b = new CircuitBreaker({ failures: 3, cooldownMs: 1000, maxCooldownMs: 8000 }, () => t);
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state()).toBe('closed');
    b.onFailure();
    expect(b.state()).toBe('open');
    expect(b.canRequest()).toBe(false);
    t = 1000;
    expect(b.state()).toBe('half-open');
    expect(b.canRequest()).toBe(true);
    b.onStart();
    expect(b.canRequest()).toBe(false);
    b.onSuccess();
    expect(b.state()).toBe('closed');
  });

  it('doubles the cooldown each time a probe fails, up to the cap', () => {
    let t = 0;
    const b = new CircuitBreaker({ failures: 1, cooldownMs: 1000, maxCooldownMs: 3000 }, () => t);
    b.onFailure();
    const opens: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = b.reopensAt();
      b.onStart();
      b.onFailure();
      opens.push(b.reopensAt() - t);
    }
    expect(opens).toEqual([2000, 3000, 3000]);
  });
});
