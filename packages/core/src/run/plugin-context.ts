import { Container } from 'inversify';
import { SptError } from '../errors';
import type { PluginRegistry } from '../plugins/registry';
import type { PluginContext, PluginKind } from '../spec/plugin';
import type { PluginRef, RunConfig } from '../spec/run-config';
import { Services, type Logger, type ServiceBinding, type ServiceToken } from '../spec/services';
import { createRng, deriveSeed } from '../util/rng';

/**
 * The context handed to every plugin of a run: `shared` memoizes one value per key for the whole
 * run (e.g. the testbed world used by the data source and the judges), `create` builds nested
 * plugins through the same registry and context, `env` reads `env` or process.env, `service`
 * resolves services from the run's inversify container.
 */
/** The run's PluginContext plus what only the scheduler needs: a look into `shared` without creating. */
export interface CorePluginContext extends PluginContext {
  peekShared<T>(key: string): T | undefined;
  /** The registry the run's plugins come from (core built-ins use it, e.g. to resolve the judging cache). */
  registry: PluginRegistry;
  service<T>(token: ServiceToken<T>): T;
  hasService(token: ServiceToken<unknown>): boolean;
  /** Binds a service unless the embedder bound it already (the embedder's binding wins). */
  bindService<T>(token: ServiceToken<T>, value: T): void;
}

export function createPluginContext(args: {
  registry: PluginRegistry;
  config?: RunConfig;
  seed: number;
  runDir?: string;
  env?: Record<string, string | undefined> | ((name: string) => string | undefined);
  log: (message: string) => void;
  warn: (code: string, message: string) => void;
  /** The run's container (default: a fresh one); services are bound in it. */
  container?: Container;
  /** Services the embedder provides; they replace the core's defaults. */
  services?: readonly ServiceBinding[];
}): CorePluginContext {
  const memo = new Map<string, unknown>();
  const env = args.env ?? process.env;
  const lookup = typeof env === 'function' ? env : (name: string) => env[name];
  const container = args.container ?? new Container({ defaultScope: 'Singleton' });
  for (const b of args.services ?? []) {
    if (container.isBound(b.token.key)) container.unbindSync(b.token.key);
    container.bind(b.token.key).toConstantValue(b.value);
  }
  const bindService = <T>(token: ServiceToken<T>, value: T) => {
    if (!container.isBound(token.key)) container.bind(token.key).toConstantValue(value);
  };
  bindService<Logger>(Services.logger, { log: args.log, warn: args.warn });
  bindService(Services.clock, { now: () => Date.now() });
  bindService(Services.rng, (purpose: string, ...keys: Array<string | number>) => createRng(deriveSeed(args.seed, purpose, ...keys)));
  const service = <T>(token: ServiceToken<T>): T => {
    if (!container.isBound(token.key)) {
      throw new SptError({
        code: 'plugin.service-unbound',
        what: `service "${token.name}" is not bound in this run`,
        expected: `one of the bound services: ${boundNames(container).join(', ')}`,
        got: token.name,
        fix: `bind it when embedding: createRun(config, { services: [provide(<token>, value)] })${token.name === 'tokenizer' || token.name === 'judgment-cache' ? `; "${token.name}" is bound by the run once the policy (tokenizer) or judging.cache exists` : ''}`,
      });
    }
    return container.get<T>(token.key);
  };
  const logger = () => service(Services.logger);
  const ctx: CorePluginContext = {
    config: args.config,
    seed: args.seed,
    runDir: args.runDir,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one implementation for both create overloads
    create: (kind: PluginKind, ref: PluginRef): Promise<any> => args.registry.create(kind, ref, ctx),
    shared<T>(key: string, make: () => T): T {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as T;
    },
    peekShared: <T>(key: string) => memo.get(key) as T | undefined,
    registry: args.registry,
    env: lookup,
    log: (message) => logger().log(message),
    warn: (code, message) => logger().warn(code, message),
    service,
    hasService: (token) => container.isBound(token.key),
    bindService,
  };
  return ctx;
}

function boundNames(container: Container): string[] {
  return Object.values(Services).filter((t) => container.isBound(t.key)).map((t) => t.name);
}
