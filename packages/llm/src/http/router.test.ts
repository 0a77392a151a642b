import type { Pool } from 'undici';
import { describe, expect, it } from 'vitest';
import { Endpoint } from './endpoint';
import { EndpointRouter, EndpointsUnavailable } from './router';

const breaker = { failures: 1, cooldownMs: 1000, maxCooldownMs: 1000 };
const endpoint = (url: string, concurrency: number, now = () => 0) => new Endpoint({ baseUrl: url, concurrency }, {} as Pool, breaker, now);

describe('endpoint router', () => {
  it('picks the least-loaded endpoint relative to its capacity, then queues in order', async () => {
    const a = endpoint('http://a:1/v1', 1);
    const b = endpoint('http://b:1/v1', 3);
    const r = new EndpointRouter([a, b]);
    const got = [await r.acquire(), await r.acquire(), await r.acquire(), await r.acquire()].map((e) => e.origin);
    expect(got).toEqual(['http://a:1', 'http://b:1', 'http://b:1', 'http://b:1']);
    const order: string[] = [];
    const w1 = r.acquire().then((e) => order.push(`w1:${e.origin}`));
    const w2 = r.acquire().then((e) => order.push(`w2:${e.origin}`));
    expect(r.queued()).toBe(2);
    r.release(b);
    r.release(a);
    await Promise.all([w1, w2]);
    expect(order).toEqual(['w1:http://b:1', 'w2:http://a:1']);
  });

  it('fails fast when no endpoint is usable, telling when one will be', async () => {
    const a = endpoint('http://a:1/v1', 2);
    a.blockedUntil = 5000;
    const error = await new EndpointRouter([a], () => 0).acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointsUnavailable);
    expect((error as EndpointsUnavailable).retryAtMs).toBe(5000);
  });

  it('drops a waiter whose signal aborts', async () => {
    const a = endpoint('http://a:1/v1', 1);
    const r = new EndpointRouter([a]);
    await r.acquire();
    const c = new AbortController();
    const waiting = r.acquire(c.signal);
    c.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(r.queued()).toBe(0);
  });

  it('strips credentials and query from the label shown in messages', () => {
    expect(endpoint('https://user:pw@api.example.com/v1/?token=x', 1).label).toBe('https://api.example.com/v1');
  });
});
