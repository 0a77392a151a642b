import type { Rng } from '../util/rng';
import type { CostLedger } from './cost-ledger';
import type { JudgmentCache } from './judgment-cache';
import type { Tokenizer } from './tokenizer';

/**
 * A service a plugin can ask for with `ctx.service(token)`, typed by what it resolves to. Services
 * live in the run's inversify container under `key`; an embedder rebinds one (its own cache, its
 * own logger) with `createRun(config, { services: [provide(Services.logger, mine)] })` and every
 * plugin that asks for it gets the embedder's, untouched.
 */
export interface ServiceToken<T> {
  readonly key: symbol;
  readonly name: string;
  /** Phantom: carries T for type inference only. */
  readonly type?: () => T;
}

export function serviceToken<T>(name: string): ServiceToken<T> {
  return { key: Symbol.for(`spt.service.${name}`), name };
}

/** Where a run's messages go: `log` lines and `warning` events (code + message). */
export interface Logger {
  log(message: string): void;
  warn(code: string, message: string): void;
}

/** Wall-clock milliseconds (rebind it to make timing-dependent plugins testable). */
export interface Clock {
  now(): number;
}

/** Seeded random streams: one independent, reproducible stream per purpose and keys. */
export type RngStreams = (purpose: string, ...keys: Array<string | number>) => Rng;

/**
 * The services the core binds for every run: `logger`, `clock` and `rng` from the start,
 * `tokenizer` once the policy exists, `judgmentCache` when `judging { cache }` is not `none` (or the
 * embedder's own), `costLedger` when an LLM judge keeps one (read it; it is not replaceable).
 */
export const Services = {
  logger: serviceToken<Logger>('logger'),
  clock: serviceToken<Clock>('clock'),
  rng: serviceToken<RngStreams>('rng'),
  tokenizer: serviceToken<Tokenizer>('tokenizer'),
  judgmentCache: serviceToken<JudgmentCache>('judgment-cache'),
  costLedger: serviceToken<CostLedger>('cost-ledger'),
} as const;

/** One binding an embedder provides: `provide(Services.logger, myLogger)`. */
export interface ServiceBinding<T = unknown> {
  token: ServiceToken<T>;
  value: T;
}

export function provide<T>(token: ServiceToken<T>, value: T): ServiceBinding<T> {
  return { token, value };
}
