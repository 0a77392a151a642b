import { z } from 'zod';
import { definePlugin, definePluginPackage, type PluginContext, type PluginKind, type PluginPackage } from '../spec/plugin';
import type { PluginRef } from '../spec/run-config';

/**
 * Wall time spent inside plugin calls, as the union of the intervals during which at least one
 * wrapped call is in flight (overlapping calls are not counted twice), plus per-kind sums.
 */
export interface CallClock {
  /** Union time (ms) up to now, including calls still in flight. */
  external(): number;
  /** Summed time (ms) per kind ('policy', 'judge', 'rewriter'): overlapping calls add up. */
  readonly byKind: Record<string, number>;
  time<T>(kind: string, call: () => Promise<T>): Promise<T>;
}

export function createCallClock(): CallClock {
  let active = 0;
  let since = 0;
  let union = 0;
  const byKind: Record<string, number> = {};
  return {
    byKind,
    external: () => union + (active > 0 ? performance.now() - since : 0),
    async time(kind, call) {
      const t0 = performance.now();
      if (active++ === 0) since = t0;
      try {
        return await call();
      } finally {
        const t1 = performance.now();
        byKind[kind] = (byKind[kind] ?? 0) + t1 - t0;
        if (--active === 0) union += t1 - since;
      }
    },
  };
}

const METHODS: Partial<Record<PluginKind, string[]>> = {
  policy: ['generate', 'logprobs', 'update', 'syncReference', 'save', 'load', 'export'],
  judge: ['judge', 'compare'],
  rewriter: ['rewrite'],
};

function wrap<T extends object>(inner: T, kind: string, clock: CallClock): T {
  return new Proxy(inner, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || !METHODS[kind as PluginKind]?.includes(String(prop))) return value;
      return (...args: unknown[]) => clock.time(kind, () => (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args));
    },
  });
}

/**
 * Plugins `timed.policy`, `timed.judge`, `timed.rewriter` whose options are another plugin
 * reference `{ plugin, options }`: they create that plugin and time its calls on `clock`
 * (profiling and the scheduler-overhead benchmark).
 */
export function timingPlugins(clock: CallClock): PluginPackage {
  const inner = z.strictObject({ plugin: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) });
  const make = (kind: 'policy' | 'judge' | 'rewriter') =>
    definePlugin({
      manifest: { name: `timed.${kind}`, kind, version: '0.1.0', description: `times the calls of another ${kind} plugin`, options: inner },
      create: async (ref: PluginRef, ctx: PluginContext) => wrap(await ctx.create<object>(kind, ref), kind, clock),
    });
  return definePluginPackage({ name: '@spt/core/testing:timing', version: '0.1.0', plugins: [make('policy'), make('judge'), make('rewriter')] });
}
