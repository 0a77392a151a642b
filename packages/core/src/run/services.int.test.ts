import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryJudgmentCache } from '../judging/memory-cache';
import type { MetricsSink } from '../spec/metrics-sink';
import { definePlugin, definePluginPackage } from '../spec/plugin';
import type { RunConfig } from '../spec/run-config';
import type { RunEvent } from '../spec/run-observer';
import { provide, serviceToken, Services } from '../spec/services';
import { mockRunConfig, testingPlugins } from '../testing/plugins';
import { createRun } from './create-run';

/** A token of the embedder's own: plugins that list it get what the embedder binds. */
const Greeting = serviceToken<{ text: string }>('greeting');

const seen: Record<string, unknown> = {};
/** A metrics sink that asks for services: the tokenizer, a random stream, the clock and (optionally) the greeting. */
const probe = definePlugin<MetricsSink, { greet: boolean }>({
  manifest: {
    name: 'probe.services',
    kind: 'metrics',
    version: '1.0.0',
    description: 'records what the container gives it',
    options: z.strictObject({ greet: z.boolean().default(false) }),
    services: [Services.tokenizer, Services.rng, Services.clock],
  },
  create: (o, ctx) => {
    const tokenizer = ctx.service!(Services.tokenizer);
    seen.encoded = tokenizer.encode('ab');
    seen.draw = [ctx.service!(Services.rng)('probe', 1).next(), ctx.service!(Services.rng)('probe', 1).next()];
    seen.now = ctx.service!(Services.clock).now();
    if (o.greet) seen.greeting = ctx.service!(Greeting).text;
    ctx.log('probe created');
    return { name: 'probe', write: () => {} };
  },
});
const needsGreeting = definePlugin<MetricsSink, Record<string, never>>({
  manifest: { name: 'probe.needs_greeting', kind: 'metrics', version: '1.0.0', description: 'lists the greeting', options: z.strictObject({}), services: [Greeting] },
  create: (_o, ctx) => ({ name: 'greeter', write: () => void ctx.service!(Greeting) }),
});
const envProbe = definePlugin<MetricsSink, Record<string, never>>({
  manifest: { name: 'probe.env', kind: 'metrics', version: '1.0.0', description: 'reads PROBE_VAR', options: z.strictObject({}) },
  create: (_o, ctx) => ((seen.env = ctx.env('PROBE_VAR')), { name: 'env', write: () => {} }),
});
const probes = definePluginPackage({ name: 'probes', version: '1.0.0', plugins: [probe, needsGreeting, envProbe] });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'spt-services-'));
  for (const k of Object.keys(seen)) delete seen[k];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function run(config: RunConfig, services: Parameters<typeof createRun>[1]['services'] = [], env?: Parameters<typeof createRun>[1]['env']) {
  const handle = createRun(config, { plugins: [testingPlugins, probes], runDir: dir, services, ...(env ? { env } : {}) });
  const events: RunEvent[] = [];
  for await (const e of handle.events()) events.push(e);
  return { result: await handle.result(), events };
}
const oneStep = (metrics: RunConfig['metrics']) => mockRunConfig({ metrics, phases: [{ name: 'main', steps: 1, objective: mockRunConfig().phases[0].objective }] });

describe('services through the run container', () => {
  it('a plugin gets the policy tokenizer, seeded random streams and the clock it lists', async () => {
    const { result, events } = await run(oneStep([{ plugin: 'probe.services', options: {} }]));
    expect(result.status).toBe('completed');
    expect((seen.encoded as number[]).length).toBeGreaterThan(0);
    const [a, b] = seen.draw as number[];
    expect(a).toBe(b); // the same purpose and keys: the same stream
    expect(typeof seen.now).toBe('number');
    expect(events.some((e) => e.type === 'log' && e.message === 'probe created')).toBe(true);
  });

  it('an embedder rebinds the logger, its own cache and a token of its own without touching the plugins', async () => {
    const logs: string[] = [];
    const cache = createMemoryJudgmentCache();
    const config = { ...oneStep([{ plugin: 'probe.services', options: { greet: true } }]), judging: { ...mockRunConfig().judging, cache: 'none' } };
    const { result, events } = await run(config, [
      provide(Services.logger, { log: (m: string) => logs.push(m), warn: (c: string, m: string) => logs.push(`${c}: ${m}`) }),
      provide(Services.judgmentCache, cache),
      provide(Greeting, { text: 'hello' }),
    ]);
    expect(result.status).toBe('completed');
    expect(logs).toContain('probe created');
    expect(events.some((e) => e.type === 'log' && e.message === 'probe created')).toBe(false);
    expect(seen.greeting).toBe('hello');
    expect(cache.size).toBeGreaterThan(0); // the run judged through the embedder's cache although the recipe says none
  });

  it('a plugin listing a service nobody bound fails before it is created, naming both', async () => {
    const { result } = await run(oneStep([{ plugin: 'probe.needs_greeting', options: {} }]));
    expect(result.status).toBe('failed');
    expect((result.error as { code?: string }).code).toBe('plugin.service-unbound');
    expect(result.error?.message).toContain('probe.needs_greeting');
    expect(result.error?.message).toContain('"greeting"');
  });

  it('env may be a record or a lookup function, as compileRecipe takes it', async () => {
    await run(oneStep([{ plugin: 'probe.env', options: {} }]), [], { PROBE_VAR: 'from a record' });
    expect(seen.env).toBe('from a record');
    await rm(dir, { recursive: true, force: true });
    await run(oneStep([{ plugin: 'probe.env', options: {} }]), [], (name) => (name === 'PROBE_VAR' ? 'from a function' : undefined));
    expect(seen.env).toBe('from a function');
  });
});
