import { ContainerModule } from 'inversify';
import type { z } from 'zod';
import type { PluginRef, RunConfig } from './run-config';
import type { ServiceToken } from './services';
import type { CandidateSource } from './candidate-source';
import type { CompletionModel } from './completion-model';
import type { Curriculum } from './curriculum';
import type { DocumentSource } from './document-source';
import type { EvalSuite } from './eval-suite';
import type { AnyJudge } from './judge';
import type { JudgmentCache } from './judgment-cache';
import type { MetricsSink } from './metrics-sink';
import type { ObjectivePlugin } from './objective';
import type { PolicyBackend } from './policy-backend';
import type { RewardShaper } from './reward-shaper';
import type { Rewriter } from './rewriter';
import type { RunObserver } from './run-observer';

/** What a plugin provides. */
export type PluginKind =
  | 'data'
  | 'policy'
  | 'judge'
  | 'rewriter'
  | 'completion'
  | 'reward'
  | 'curriculum'
  | 'objective'
  | 'source'
  | 'cache'
  | 'metrics'
  | 'observer'
  | 'eval';

/** What `create` returns for each kind: the contract a plugin of that kind implements. */
export interface PluginTypes {
  data: DocumentSource;
  policy: PolicyBackend;
  judge: AnyJudge;
  rewriter: Rewriter;
  completion: CompletionModel;
  reward: RewardShaper;
  curriculum: Curriculum;
  objective: ObjectivePlugin;
  source: CandidateSource;
  cache: JudgmentCache;
  metrics: MetricsSink;
  observer: RunObserver;
  eval: EvalSuite;
}

/**
 * Static description of a plugin: enough to validate a recipe without loading a model.
 * `options` should be a strict zod object so unknown options are reported.
 */
export interface PluginManifest<O = unknown> {
  /** Dotted name used in recipes, e.g. `tfjs.gpt`, `testbed.quality`, `openai.quality`. */
  name: string;
  kind: PluginKind;
  version: string;
  description: string;
  options: z.ZodType<O>;
  /** For judges: which modes they implement. */
  judge?: { modes: Array<'pairwise' | 'pointwise'> };
  /** Services the plugin asks for with `ctx.service(...)`: checked to be bound before `create`. */
  services?: ReadonlyArray<ServiceToken<unknown>>;
  /**
   * Options that name other plugins (`{ plugin: "<name>", ...its options }`, or a list of them),
   * by the kind they must be: `spt check` then checks the named plugin and its options as it
   * checks a recipe's own lines (did-you-mean, the plugin's schema, positions).
   */
  refs?: Readonly<Record<string, PluginKind>>;
}

/** Handed to a plugin factory. */
export interface PluginContext {
  /** The run being configured (undefined when a plugin is created outside a run). */
  config?: RunConfig;
  seed: number;
  /** The run directory, for plugins that keep files (caches, logs). */
  runDir?: string;
  /** Create another plugin, e.g. a judge creating its completion model (typed by kind). */
  create<K extends PluginKind>(kind: K, ref: PluginRef): Promise<PluginTypes[K]>;
  /** The same with an explicit type (a narrowing cast, e.g. to PointwiseJudge). */
  create<T>(kind: PluginKind, ref: PluginRef): Promise<T>;
  /** One value per key for the whole run (e.g. the testbed world shared by data and judges). */
  shared<T>(key: string, make: () => T): T;
  /** Environment lookup (secrets come from here, never from recipe text). */
  env(name: string): string | undefined;
  log(message: string): void;
  /** A warning the run reports as a `warning` event (e.g. a malformed line: code `data.malformed`). */
  warn?(code: string, message: string): void;
  /**
   * A service from the run's container (`Services.logger`, `.clock`, `.rng`, `.tokenizer`,
   * `.judgmentCache`, `.costLedger`, or a token of your own an embedder binds). Throws a clear error
   * when it is not bound; list it in the manifest's `services` to have that checked up front.
   */
  service?<T>(token: ServiceToken<T>): T;
  /** Whether a service is bound. */
  hasService?(token: ServiceToken<unknown>): boolean;
}

/** A plugin: its manifest and a factory returning a plain object. */
export interface PluginDefinition<T = unknown, O = any> {
  manifest: PluginManifest<O>;
  create(options: O, ctx: PluginContext): T | Promise<T>;
}

/** What an npm plugin package default-exports. */
export interface PluginPackage {
  readonly name: string;
  readonly version: string;
  readonly plugins: readonly PluginDefinition[];
  /** Registers the package's plugin definitions (and any services) in the container. */
  readonly module: ContainerModule;
}

/** Multi-bound token under which every loaded plugin definition is registered. */
export const PluginDefinitions = Symbol.for('spt.PluginDefinitions');

/** Typed helper for writing a plugin. */
export function definePlugin<T, O>(definition: PluginDefinition<T, O>): PluginDefinition<T, O> {
  return definition;
}

/** Builds a plugin package whose ContainerModule binds each definition under PluginDefinitions. */
export function definePluginPackage(pkg: {
  name: string;
  version: string;
  plugins: readonly PluginDefinition[];
}): PluginPackage {
  const module = new ContainerModule(({ bind }) => {
    for (const plugin of pkg.plugins) bind<PluginDefinition>(PluginDefinitions).toConstantValue(plugin);
  });
  return { ...pkg, module };
}

/** True if a value looks like a PluginPackage (used when loading third-party packages). */
export function isPluginPackage(value: unknown): value is PluginPackage {
  const v = value as PluginPackage | undefined;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.name === 'string' &&
    Array.isArray(v.plugins) &&
    typeof v.module === 'object' &&
    v.module !== null &&
    typeof (v.module as { load?: unknown }).load === 'function'
  );
}
