import pLimit, { type LimitFunction } from 'p-limit';
import { SptError } from '../errors';
import type { PluginRegistry } from '../plugins/registry';
import type { JudgmentCache } from '../spec/judgment-cache';
import type { RunConfig } from '../spec/run-config';
import type { CorePluginContext } from '../run/plugin-context';
import { Services } from '../spec/services';
import { createMemoryJudgmentCache } from './memory-cache';
import { createPrefixGate, type PrefixGate } from './prefix-gate';

const CACHE_KEY = 'spt.judging.cache';
const LIMIT_KEY = 'spt.judging.limit';

/**
 * The run's one judgment cache (`judging { cache }`), created once per plugin context: training,
 * rewrites and the in-loop evaluation share it. `owned` is true for the caller that created it.
 */
export function sharedJudgingCache(config: RunConfig, ctx: CorePluginContext): Promise<JudgmentCache | undefined> {
  // An embedder's own cache (createRun({ services: [provide(Services.judgmentCache, c)] })) wins.
  if (ctx.hasService(Services.judgmentCache)) return ctx.shared(CACHE_KEY, async () => ctx.service(Services.judgmentCache));
  return ctx.shared(CACHE_KEY, () => createCache(config.judging.cache, ctx.registry, ctx));
}

/** Whether the context already holds the run's judgment cache (made by someone else). */
export function hasSharedJudgingCache(ctx: CorePluginContext): boolean {
  return ctx.peekShared(CACHE_KEY) !== undefined;
}

/** The run's prefix gate when `judging { warm_prefix: true }` (one per run: training and evaluation share it). */
export function sharedPrefixGate(config: RunConfig, ctx: CorePluginContext): PrefixGate | undefined {
  return config.judging.warmPrefix ? ctx.shared('spt.judging.prefix-gate', () => createPrefixGate()) : undefined;
}

/** The run's one limit on judge and rewriter calls in flight (`judging { concurrency }`). */
export function sharedJudgeLimit(config: RunConfig, ctx: CorePluginContext): LimitFunction {
  return ctx.shared(LIMIT_KEY, () => pLimit(Math.max(1, config.judging.concurrency)));
}

/**
 * judging.cache: 'none', 'memory', the name of a cache plugin (created with no options), or a
 * file path, which is handed to the `sqlite` cache plugin (from @spt/judges) as `{ path }`.
 */
async function createCache(spec: string, registry: PluginRegistry, ctx: CorePluginContext): Promise<JudgmentCache | undefined> {
  if (spec === 'none' || spec === '') return undefined;
  if (spec === 'memory') return createMemoryJudgmentCache();
  if (registry.has('cache', spec)) return registry.create('cache', { plugin: spec, options: {} }, ctx);
  if (!registry.has('cache', 'sqlite')) {
    throw new SptError({
      code: 'config.cache',
      what: `judging.cache "${spec}" looks like a file, but no "sqlite" cache plugin is loaded`,
      expected: `'none', 'memory', a cache plugin name (${registry.manifests('cache').map((m) => m.name).join(', ') || 'none loaded'}) or a file with the sqlite plugin loaded`,
      got: spec,
      fix: 'load @spt/judges (which provides the SQLite cache) or use cache: memory',
    });
  }
  return registry.create('cache', { plugin: 'sqlite', options: { path: spec } }, ctx);
}
