import type { PluginRegistry } from '../plugins/registry';
import type { PluginContext } from '../spec/plugin';
import type { RunConfig } from '../spec/run-config';

/**
 * The context handed to every plugin of a run: `shared` memoizes one value per key for the whole
 * run (e.g. the testbed world used by the data source and the judges), `create` builds nested
 * plugins through the same registry and context, `env` reads `env` or process.env.
 */
/** The run's PluginContext plus what only the scheduler needs: a look into `shared` without creating. */
export interface CorePluginContext extends PluginContext {
  peekShared<T>(key: string): T | undefined;
  /** The registry the run's plugins come from (core built-ins use it, e.g. to resolve the judging cache). */
  registry: PluginRegistry;
}

export function createPluginContext(args: {
  registry: PluginRegistry;
  config?: RunConfig;
  seed: number;
  runDir?: string;
  env?: Record<string, string | undefined>;
  log: (message: string) => void;
  warn: (code: string, message: string) => void;
}): CorePluginContext {
  const memo = new Map<string, unknown>();
  const env = args.env ?? process.env;
  const ctx: CorePluginContext = {
    config: args.config,
    seed: args.seed,
    runDir: args.runDir,
    create: (kind, ref) => args.registry.create(kind, ref, ctx),
    shared<T>(key: string, make: () => T): T {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as T;
    },
    peekShared: <T>(key: string) => memo.get(key) as T | undefined,
    registry: args.registry,
    env: (name) => env[name],
    log: args.log,
    warn: args.warn,
  };
  return ctx;
}
